import Foundation
import HTTPTypes
import PostgresTestSupport
import Testing

/// Signing in and out of the console, the sign-in lock and the sessions' end, on real PostgreSQL.
@Suite(.freshDatabase, .tags(.database))
struct ConsoleSignInTests {
    @Test func signingInStartsASessionInAStrictHttpOnlyCookieAndSigningOutEndsIt() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s1", roles: ["unit_officer"], name: "Nguyễn Thị Lan")
            let signedIn = try await fixture.signIn("lan-s1")
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            let line = try #require(signedIn.setCookie("laurel_session"))
            #expect(line.contains("HttpOnly") && line.contains("SameSite=Strict") && line.contains("Path=/"), "\(line)")
            #expect(!line.contains("Secure"), "a cookie over plain HTTP is not marked Secure: \(line)")
            let cookie = try #require(signedIn.cookie("laurel_session"))
            let stored = try await fixture.services.pool.query("SELECT token_sha256 FROM console_sessions WHERE login = 'lan-s1'")
            let digest = try stored[0].decode(0, as: String.self)
            #expect(stored.count == 1 && digest != cookie && !digest.contains(cookie), "only the token's digest is stored")

            let page = try await fixture.send(.get, "/nominations", cookies: ["laurel_session": cookie])
            #expect(page.status == .ok && page.text.contains("Nguyễn Thị Lan"))
            let csrf = try #require(page.csrf)
            let out = try await fixture.send(.post, "/sign-out", cookies: ["laurel_session": cookie], form: [("csrf", csrf)])
            #expect(out.status == .seeOther && out.location == "/sign-in")
            #expect(try await fixture.services.pool.query("SELECT 1 FROM console_sessions WHERE login = 'lan-s1'").count == 0)
            let after = try await fixture.send(.get, "/nominations", cookies: ["laurel_session": cookie])
            #expect(after.status == .seeOther && after.location == "/sign-in")
        }
    }

    @Test func aRequestThatCameOverTLSGetsASecureCookie() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s2", roles: ["unit_officer"])
            let signedIn = try await fixture.signIn("lan-s2", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(signedIn.setCookie("laurel_session")?.contains("Secure") == true)
        }
    }

    @Test func failedSignInsSlowDownThenLockTheAccountForAWhile() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s3", roles: ["unit_officer"])
            // Two failures are free; the third makes the next attempt wait 10 s.
            for _ in 1...3 { #expect(try await fixture.signIn("lan-s3", password: "wrong password").status == .unauthorized) }
            let waiting = try await fixture.signIn("lan-s3")
            #expect(waiting.status == .tooManyRequests && waiting.text.contains("10 giây"), "\(waiting.text)")
            fixture.clock.advance(seconds: 10)
            // The fourth failure locks the login for 15 minutes: the right password is refused.
            #expect(try await fixture.signIn("lan-s3", password: "wrong password").status == .unauthorized)
            let locked = try await fixture.signIn("lan-s3")
            #expect(locked.status == .forbidden && locked.text.contains("tạm khóa"), "\(locked.text)")
            fixture.clock.advance(seconds: 14 * 60)
            #expect(try await fixture.signIn("lan-s3").status == .forbidden)
            fixture.clock.advance(seconds: 60)
            #expect(try await fixture.signIn("lan-s3").status == .seeOther)
            // Signing in forgets the failures.
            #expect(try await fixture.services.pool.query("SELECT 1 FROM console_sign_in_failures WHERE login = 'lan-s3'").count == 0)
        }
    }

    @Test func anUnknownLoginFailsAsAWrongPasswordDoes() async throws {
        try await ConsoleFixture.run { fixture in
            let unknown = try await fixture.signIn("nobody")
            #expect(unknown.status == .unauthorized && unknown.text.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
        }
    }

    @Test func aSessionEndsWhenItsTimeIsUp() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s5", roles: ["unit_officer"])
            let session = try await fixture.session("lan-s5")
            fixture.clock.advance(seconds: 59 * 60)
            #expect(try await fixture.send(.get, "/nominations", cookies: session.cookies).status == .ok)
            fixture.clock.advance(seconds: 60)
            let expired = try await fixture.send(.get, "/nominations", cookies: session.cookies)
            #expect(expired.status == .seeOther && expired.location == "/sign-in")
            #expect(try await fixture.services.pool.query("SELECT 1 FROM console_sessions WHERE login = 'lan-s5'").count == 0)
        }
    }

    @Test func aDisabledAccountsSessionStopsAtOnce() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s6", roles: ["unit_officer"])
            try await fixture.account("admin-s6", roles: ["administrator"], unit: "vksndtc")
            let session = try await fixture.session("lan-s6")
            let admin = try await fixture.session("admin-s6")
            let disabled = try await fixture.send(.post, "/accounts/lan-s6/disable", cookies: admin.cookies,
                                                  form: [("csrf", admin.csrf), ("reason", "Chuyển công tác")])
            #expect(disabled.status == .seeOther, "\(disabled.text)")
            let after = try await fixture.send(.get, "/nominations", cookies: session.cookies)
            #expect(after.status == .seeOther && after.location == "/sign-in")
            #expect(try await fixture.signIn("lan-s6").status == .unauthorized)
        }
    }

    @Test func theSignInFormWithoutItsTokenIsRefused() async throws {
        try await ConsoleFixture.run { fixture in
            try await fixture.account("lan-s7", roles: ["unit_officer"])
            let refused = try await fixture.send(.post, "/sign-in", form: [("login", "lan-s7"), ("password", ConsoleFixture.password)])
            #expect(refused.status == .forbidden && refused.setCookie("laurel_session") == nil)
        }
    }
}
