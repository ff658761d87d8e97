import Foundation
import HTTPTypes
import PostgresTestSupport
import Testing

/// What a browser gets for a path nobody serves, or a method its path does not take: the console's
/// page, not the API's JSON; the API's own paths keep their problem documents.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleErrorPagesTests {
    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"]

    @Test func aBrowserGetsPagesForUnknownPathsAndMethods() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-e1", roles: ["unit_officer"])
            let lan = try await fixture.session("lan-e1")
            let missing = try await fixture.send(.get, "/khong-co-trang-nay", cookies: lan.cookies, headers: Self.browser)
            #expect(missing.status == .notFound && missing.headers[.contentType]?.hasPrefix("text/html") == true, "\(missing.text)")
            #expect(missing.text.contains("Không tìm thấy") && missing.text.contains("href=\"/nominations\""), "signed in: the navigation")
            let wrongMethod = try await fixture.send(.delete, "/nominations", cookies: lan.cookies, headers: Self.browser)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(wrongMethod.headers[.allow]?.contains("GET") == true && wrongMethod.text.contains("Không hỗ trợ cách gửi này"))
            let signedOut = try await fixture.send(.get, "/khong-co-trang-nay?lang=en", headers: Self.browser)
            #expect(signedOut.status == .notFound && signedOut.text.contains("Not found"), "\(signedOut.text)")
        }
    }

    @Test func theAPIAndClientsNotAskingForHTMLKeepProblemJSON() async throws {
        try await ConsoleFixture.run { fixture in
            let api = try await fixture.send(.get, "/v1/khong-co", headers: Self.browser)
            #expect(api.status == .notFound && api.headers[.contentType] == "application/problem+json")
            let script = try await fixture.send(.get, "/khong-co-trang-nay")
            #expect(script.status == .notFound && script.headers[.contentType] == "application/problem+json")
        }
    }
}
