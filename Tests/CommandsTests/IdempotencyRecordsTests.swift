@testable import Commands
import Foundation
import Testing

/// An idempotency record keeps the response's headers as they were sent.
@Suite struct IdempotencyRecordsTests {
    @Test func storedHeadersReadBackAsTheyWere() throws {
        let headers = ["ETag": "\"3\"", "Content-Type": "application/json", "Location": "/v1/nominations/N-1",
                       "X-Note": "Việt \\ \u{1} tab\t"]
        let json = IdempotencyRecords.json(headers)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)) == headers)
        #expect(json.hasPrefix(#"{"Content-Type":"application/json","ETag":"\"3\"""#))
    }
}
