import Foundation
import Testing

@testable import LaurelServer

/// Response keys are snake_case, with `ID` as one word.
struct ResponseJSONTests {
    @Test(arguments: [
        ("state", "state"),
        ("isFrontLine", "is_front_line"),
        ("nominationID", "nomination_id"),
        ("recusedMemberIDs", "recused_member_ids"),
        ("IDCard", "id_card"),
        ("sessionIDAndVersion", "session_id_and_version"),
        ("IIDx", "i_idx"),
        ("Đơn", "đơn"),
        ("hồSơID", "hồ_sơ_id"),
    ])
    func keysAreSnakeCased(camel: String, snake: String) {
        #expect(ResponseJSON.snakeCased(camel) == snake)
    }

    @Test func theEncoderWritesSnakeCaseKeys() throws {
        struct Sample: Encodable {
            let nominationID = "N-1"
            let recusedMemberIDs = ["m1"]
            let isSmall = true
        }
        let object = try JSONSerialization.jsonObject(with: ResponseJSON.encode(Sample())) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["nomination_id", "recused_member_ids", "is_small"])
    }
}
