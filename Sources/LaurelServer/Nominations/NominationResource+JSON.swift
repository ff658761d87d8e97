import Foundation
import Nominations

extension NominationResource {
    /// The resource's JSON: the bytes `ResponseJSON.encode(self)` makes (snake_case keys,
    /// sorted, absent optionals left out), written directly.
    ///
    /// Every command answers with its nomination, and through `JSONEncoder` (with the key
    /// strategy, which builds a coding path for every key) that was the largest single share of
    /// the server's time per command. The parts few nominations have (a consultation, a council
    /// result, a revocation) still go through the encoder. `NominationResourceJSONTests` checks
    /// the bytes against the encoder's for a nomination with every field set, and that the
    /// fixture keeps every field set.
    func json() throws -> Data {
        var writer = ResponseJSONWriter()
        writer.object { object in
            object.member("available_actions") { writer in
                writer.array(availableActions) { writer, action in
                    writer.object { object in
                        object.member("command", action.command)
                        object.member("href", action.href)
                        object.member("method", action.method)
                    }
                }
            }
            if let checkpoint { object.member("checkpoint", checkpoint) }
            object.member("nomination") { writer in Self.write(nomination, into: &writer) }
            object.member("version", version)
        }
        return try writer.finish()
    }

    private static func write(_ nomination: Nomination, into writer: inout ResponseJSONWriter) {
        writer.object { object in
            object.member("achievement_summary", nomination.achievementSummary)
            if let consultation = nomination.consultation { object.member("consultation", encoded: consultation) }
            if let result = nomination.councilResult { object.member("council_result", encoded: result) }
            if let session = nomination.councilSessionID { object.member("council_session_id", session) }
            if let decision = nomination.decision {
                object.member("decision") { writer in
                    writer.object { object in
                        if let authority = decision.authority { object.member("authority", authority) }
                        object.member("date", decision.date)
                        object.member("number", decision.number)
                        object.member("outcome", decision.outcome.rawValue)
                    }
                }
            }
            object.member("documents") { writer in
                writer.array(nomination.documents) { writer, document in
                    writer.object { object in
                        object.member("kind", document.kind)
                        object.member("sha256", document.sha256)
                        object.member("title", document.title)
                    }
                }
            }
            if let forwardedTo = nomination.forwardedTo { object.member("forwarded_to", forwardedTo) }
            object.member("holds") { writer in
                writer.array(nomination.holds) { writer, hold in
                    writer.object { object in
                        object.member("id", hold.id)
                        object.member("kind", hold.kind)
                        object.member("placed_on", hold.placedOn)
                        object.member("reference", hold.reference)
                    }
                }
            }
            object.member("id", nomination.id)
            object.member("kind", nomination.kind)
            if let movement = nomination.movement { object.member("movement", movement) }
            object.member("nominee") { writer in
                let nominee = nomination.nominee
                writer.object { object in
                    object.member("id", nominee.id)
                    if let isFrontLine = nominee.isFrontLine { object.member("is_front_line", isFrontLine) }
                    if let isSmall = nominee.isSmallCollective { object.member("is_small_collective", isSmall) }
                    object.member("name", nominee.name)
                    if let position = nominee.position { object.member("position", position) }
                    if let size = nominee.size { object.member("size", size) }
                    object.member("type", nominee.type.rawValue)
                    object.member("unit", nominee.unit)
                }
            }
            if let pausedSince = nomination.pausedSince { object.member("paused_since", pausedSince) }
            if let ranking = nomination.ranking {
                object.member("ranking") { writer in
                    writer.object { link in
                        link.member("group", ranking.group)
                        link.member("rank", ranking.rank)
                        link.member("ranking_version", ranking.rankingVersion)
                        link.member("year", ranking.year)
                    }
                }
            }
            object.member("rejection_reasons", nomination.rejectionReasons)
            object.member("return_reasons", nomination.returnReasons)
            if let revocation = nomination.revocation { object.member("revocation", encoded: revocation) }
            object.member("rule_set_version", nomination.ruleSetVersion)
            if let deadline = nomination.stageDeadline { object.member("stage_deadline", deadline) }
            object.member("stage_entered_on", nomination.stageEnteredOn)
            object.member("state", nomination.state)
            object.member("submitted_on", nomination.submittedOn)
            object.member("title", nomination.title)
            object.member("title_name", nomination.titleName)
            if let reason = nomination.withdrawalReason { object.member("withdrawal_reason", reason) }
            object.member("workflow_version", nomination.workflowVersion)
            object.member("year", nomination.year)
        }
    }
}
