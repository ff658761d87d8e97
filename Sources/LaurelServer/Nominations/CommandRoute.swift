import Foundation
import Nominations
import Workflow

/// Nomination commands over HTTP: each is a POST on `/v1/nominations/{id}/<command>`, the
/// command's workflow name with hyphens, and its body is read into a `NominationCommand`.
enum CommandRoute {
    /// Every command on an existing nomination; `submit` is `POST /v1/nominations`.
    static let commands = [
        "amend", "return_for_amendment", "resubmit", "accept", "place_hold", "lift_hold", "open_consultation",
        "record_comment", "close_consultation", "schedule_for_council", "record_council_result", "approve", "reject",
        "forward", "record_higher_decision", "withdraw", "revoke", "restore",
    ]

    /// The path segment of a command: `return_for_amendment` is `return-for-amendment`.
    static func path(of command: String) -> String {
        // Over the bytes: every response links the commands its caller may run next.
        String(decoding: command.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    static let maxDocuments = 50
    static let maxReasons = 20

    /// The submission body: the command and the initiatives it declares.
    static func submission(id: String, _ body: FieldReader) throws(Problem) -> (NominationCommand, [RecognisedInitiative]) {
        try body.read { body -> (NominationCommand, [RecognisedInitiative])? in
            let kind = body.identifier("kind")
            let title = body.identifier("title")
            let year = body.integer("year", in: 1945...2100)
            let nominee = body.object("nominee") { readNominee($0) }
            let summary = body.string("achievement_summary", maxLength: 20_000)
            let documents = readDocuments(body, required: true)
            let initiatives = body.objects("initiatives", maxCount: 20, required: false) { initiative -> RecognisedInitiative? in
                let year = initiative.integer("year", in: 1945...2100)
                let scope = initiative.enumeration("scope", InitiativeScope.self)
                guard let year, let scope else { return nil }
                return RecognisedInitiative(year: year, scope: scope)
            } ?? []
            guard let kind, let title, let year, let nominee, let summary, let documents else { return nil }
            return (.submit(nominationID: id, kind: kind, title: title, year: year, nominee: nominee,
                            achievementSummary: summary, documents: documents), initiatives)
        }
    }

    private static func readNominee(_ body: FieldReader) -> Nominee? {
        let type = body.enumeration("type", NomineeType.self)
        let id = body.identifier("id")
        let name = body.string("name", maxLength: 200)
        let unit = body.identifier("unit")
        switch type {
        case .individual?:
            let position = body.string("position", maxLength: 200)
            let frontLine = body.bool("is_front_line")
            guard let id, let name, let unit, let position, let frontLine else { return nil }
            return .individual(id: id, name: name, unit: unit, position: position, isFrontLine: frontLine)
        case .collective?:
            let size = body.integer("size", in: 1...100_000)
            let small = body.bool("is_small_collective")
            guard let id, let name, let unit, let size, let small else { return nil }
            return .collective(id: id, name: name, unit: unit, size: size, isSmall: small)
        case nil:
            return nil
        }
    }

    private static func readDocuments(_ body: FieldReader, required: Bool) -> [DossierDocument]? {
        body.objects("documents", maxCount: maxDocuments, required: required) { document -> DossierDocument? in
            let kind = document.identifier("kind")
            let title = document.string("title", maxLength: 500)
            let sha256 = document.sha256("sha256")
            guard let kind, let title, let sha256 else { return nil }
            return DossierDocument(kind: kind, title: title, sha256: sha256)
        }
    }

    /// Reads the body of command `name` on nomination `id`.
    static func command(_ name: String, id: String, _ body: FieldReader) throws(Problem) -> NominationCommand {
        try body.read { body -> NominationCommand? in
            switch name {
            case "amend":
                let summary = body.string("achievement_summary", maxLength: 20_000)
                let documents = readDocuments(body, required: true)
                guard let summary, let documents else { return nil }
                return .amend(nominationID: id, achievementSummary: summary, documents: documents)
            case "return_for_amendment":
                return body.strings("reasons", maxCount: maxReasons).map { .returnForAmendment(nominationID: id, reasons: $0) }
            case "resubmit": return .resubmit(nominationID: id)
            case "accept": return .accept(nominationID: id)
            case "place_hold":
                let holdID = body.identifier("hold_id", required: false) ?? "H-" + UUID().uuidString.prefix(8).lowercased()
                let kind = body.identifier("hold_kind")
                let reference = body.string("reference", maxLength: 500)
                guard let kind, let reference else { return nil }
                return .placeHold(nominationID: id, holdID: holdID, holdKind: kind, reference: reference)
            case "lift_hold":
                let holdID = body.identifier("hold_id")
                let note = body.string("note", maxLength: 2_000)
                guard let holdID, let note else { return nil }
                return .liftHold(nominationID: id, holdID: holdID, note: note)
            case "open_consultation": return .openConsultation(nominationID: id)
            case "record_comment":
                let commenter = body.string("commenter", maxLength: 200)
                let comment = body.string("comment", maxLength: 10_000)
                guard let commenter, let comment else { return nil }
                return .recordComment(nominationID: id, commenter: commenter, comment: comment)
            case "close_consultation": return .closeConsultation(nominationID: id)
            case "schedule_for_council":
                return body.identifier("session_id").map { .scheduleForCouncil(nominationID: id, sessionID: $0) }
            case "record_council_result":
                let session = body.identifier("session_id")
                let inFavour = body.integer("in_favour", in: 0...1_000)
                let against = body.integer("against", in: 0...1_000)
                let abstaining = body.integer("abstaining", in: 0...1_000)
                let opinions = body.objects("written_opinions", maxCount: 1_000, required: false) { opinion -> WrittenOpinion? in
                    let member = opinion.identifier("member_id")
                    let inFavour = opinion.bool("in_favour")
                    guard let member, let inFavour else { return nil }
                    return WrittenOpinion(memberID: member, inFavour: inFavour)
                } ?? []
                guard let session, let inFavour, let against, let abstaining else { return nil }
                return .recordCouncilResult(nominationID: id, sessionID: session, inFavour: inFavour, against: against,
                                            abstaining: abstaining, writtenOpinions: opinions)
            case "approve":
                let number = body.string("decision_number", maxLength: 100)
                let date = body.date("decision_date")
                guard let number, let date else { return nil }
                return .approve(nominationID: id, decisionNumber: number, decisionDate: date)
            case "reject":
                return body.strings("reasons", maxCount: maxReasons).map { .reject(nominationID: id, reasons: $0) }
            case "forward":
                let authority = body.string("authority", maxLength: 200)
                let number = body.string("submission_number", maxLength: 100)
                guard let authority, let number else { return nil }
                return .forward(nominationID: id, authority: authority, submissionNumber: number)
            case "record_higher_decision":
                let authority = body.string("authority", maxLength: 200)
                let outcome = body.enumeration("outcome", HigherOutcome.self)
                let number = body.string("decision_number", maxLength: 100)
                let date = body.date("decision_date")
                guard let authority, let outcome, let number, let date else { return nil }
                return .recordHigherDecision(nominationID: id, authority: authority, outcome: outcome, decisionNumber: number,
                                             decisionDate: date)
            case "withdraw":
                return body.string("reason", maxLength: 2_000).map { .withdraw(nominationID: id, reason: $0) }
            case "revoke":
                let ground = body.enumeration("ground", RevocationGround.self)
                let basis = body.string("legal_basis", maxLength: 500)
                let number = body.string("decision_number", maxLength: 100)
                guard let ground, let basis, let number else { return nil }
                return .revoke(nominationID: id, ground: ground, legalBasis: basis, decisionNumber: number)
            case "restore":
                let reason = body.string("reason", maxLength: 2_000)
                let number = body.string("decision_number", maxLength: 100)
                guard let reason, let number else { return nil }
                return .restore(nominationID: id, reason: reason, decisionNumber: number)
            default:
                return nil
            }
        }
    }
}
