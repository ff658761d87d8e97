import EventStore
import Foundation
@testable import LaurelServer
import Nominations
import Testing
import Workflow

/// The nomination resource written by hand is byte for byte what the response encoder makes of
/// it, for nominations with every field and with none of the optional ones.
@Suite struct NominationResourceJSONTests {
    private static func workflows() throws -> WorkflowRegistry {
        try ConfigFiles.load(try ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config"))).workflows
    }

    /// A nomination with every field set (checked below), decoded from the domain's own JSON.
    private static func everyField(text: String = "Phát hiện vi phạm") throws -> Nomination {
        let explanation = """
            {"ruleSetVersion": "2025.1", "rule": "council.quorum", "source": "Nghị định 98/2023/NĐ-CP, Điều 40",
             "inputs": [{"name": "present", "value": "9"}], "satisfied": true, "text": "9 of 11 present"}
            """
        let nominee = """
            {"type": "individual", "id": "staff-7", "name": "Nguyễn Văn \\"An\\"", "unit": "vksnd-hanoi",
             "position": "Kiểm sát viên", "isFrontLine": true, "size": 12, "isSmallCollective": false}
            """
        let json = """
            {"id": "N-1", "kind": "labour_hero", "title": "labour_hero", "titleName": "Anh hùng Lao động", "year": 2026,
             "nominee": \(nominee), "achievementSummary": \(try String(decoding: JSONEncoder().encode(text), as: UTF8.self)),
             "documents": [{"kind": "submission", "title": "Tờ trình / đề nghị", "sha256": "\(String(repeating: "ab", count: 32))"}],
             "ruleSetVersion": "2025.1", "workflowVersion": 1, "submittedOn": "2026-03-02", "state": "revoked",
             "stageEnteredOn": "2026-05-04", "stageDeadline": "2026-05-18",
             "holds": [{"id": "H-1", "kind": "inspection", "reference": "KL 12", "placedOn": "2026-03-03"}], "pausedSince": "2026-03-03",
             "returnReasons": ["Thiếu\\tbiên bản", "Sai\\u0001 mẫu"], "rejectionReasons": ["🏅 \\\\ không"],
             "consultation": {"opensOn": "2026-03-10", "closesOn": "2026-03-24", "isClosed": true,
                              "comments": [{"commenter": "Trần B", "comment": "Đồng ý", "receivedOn": "2026-03-11"}]},
             "councilSessionID": "S-1",
             "councilResult": {"sessionID": "S-1", "council": "agency", "totalMembership": 11, "membersPresent": 9,
                               "recusedMemberIDs": ["M-2"], "votingBase": 10, "inFavour": 8, "against": 1, "abstaining": 0,
                               "writtenOpinions": [{"memberID": "M-3", "inFavour": true}], "recommended": true,
                               "quorum": \(explanation), "threshold": \(explanation)},
             "forwardedTo": "prime_minister", "movement": "ky-niem-66",
             "ranking": {"group": "cum-1", "year": 2026, "rankingVersion": 12, "rank": 1},
             "decision": {"authority": "Chủ tịch nước", "number": "12/QĐ-CTN", "date": "2026-04-30", "outcome": "awarded"},
             "withdrawalReason": "Rút theo đề nghị\\nđơn vị",
             "revocation": {"nominationID": "N-1", "subject": {"kind": "labour_hero", "title": "labour_hero",
                            "titleName": "Anh hùng Lao động", "year": 2026, "nominee": \(nominee)},
                            "ground": "forged_documents", "legalBasis": "Luật 06/2022/QH15, Điều 93", "decisionNumber": "5/QĐ",
                            "stage": {"from": "approved", "to": "revoked", "enteredOn": "2026-05-04"}}}
            """
        return try JSONDecoder().decode(Nomination.self, from: Data(json.utf8))
    }

    private func resource(_ nomination: Nomination, roles: Set<String>, checkpoint: String?) throws -> NominationResource {
        NominationResource(nomination: nomination, version: 7, checkpoint: checkpoint,
                           caller: Caller(actor: Actor(id: "u-1", roles: roles, unit: "vksnd-hanoi"), displayName: "Người dùng"),
                           roles: roles, workflows: try Self.workflows())
    }

    @Test func theFixtureSetsEveryFieldSoNoneIsLeftUnchecked() throws {
        for child in Mirror(reflecting: try Self.everyField()).children {
            let value = Mirror(reflecting: child.value)
            if value.displayStyle == .optional { #expect(!value.children.isEmpty, "\(child.label ?? "?") is nil in the fixture") }
            if value.displayStyle == .collection { #expect(!value.children.isEmpty, "\(child.label ?? "?") is empty in the fixture") }
        }
    }

    @Test func everyFieldIsWrittenAsTheEncoderWritesIt() throws {
        for text in ["Phát hiện vi phạm", "quotes \" and \\ slashes / // and \u{7F}", "\u{0}\u{1F}\u{8}\u{C}\r\n\t end", "😀 Việt"] {
            let nomination = try Self.everyField(text: text)
            for (roles, checkpoint) in [(Set(["standing_office"]), "kH3vQ0a9-Zx_8mP1sLt4Wc2nYb7eRu6iOd5fGj0hKl9aSq3wEr8tYu1iOp2"),
                                        (Set(["auditor"]), nil)] {
                let resource = try resource(nomination, roles: roles, checkpoint: checkpoint)
                #expect(String(decoding: try resource.json(), as: UTF8.self)
                        == String(decoding: try ResponseJSON.encode(resource), as: UTF8.self))
            }
        }
    }

    @Test func absentOptionalFieldsAreLeftOutAsTheEncoderLeavesThemOut() throws {
        let json = """
            {"id": "N-2", "kind": "ad_hoc", "title": "certificate_of_merit", "titleName": "Bằng khen", "year": 2026,
             "nominee": {"type": "collective", "id": "phong-1", "name": "Phòng 1", "unit": "vksnd-hanoi", "size": 9,
                         "isSmallCollective": true},
             "achievementSummary": "Phá án", "documents": [], "ruleSetVersion": "2025.1", "workflowVersion": 1,
             "submittedOn": "2026-03-02", "state": "submitted", "stageEnteredOn": "2026-03-02", "holds": [],
             "returnReasons": [], "rejectionReasons": []}
            """
        let nomination = try JSONDecoder().decode(Nomination.self, from: Data(json.utf8))
        let resource = try resource(nomination, roles: ["unit_officer"], checkpoint: nil)
        #expect(!resource.availableActions.isEmpty)
        #expect(String(decoding: try resource.json(), as: UTF8.self)
                == String(decoding: try ResponseJSON.encode(resource), as: UTF8.self))
        let parsed = try #require(try JSONSerialization.jsonObject(with: try resource.json()) as? [String: Any])
        #expect(parsed["checkpoint"] == nil)
        #expect((parsed["nomination"] as? [String: Any])?["decision"] == nil)
    }
}
