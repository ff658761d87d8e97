import Foundation
import Nominations
import Workflow

/// Nomination commands over HTTP: each is a POST on `/v1/nominations/{id}/<command>`, the
/// command's workflow name with hyphens. The commands, their names and payloads are the domain's
/// (`NominationCommand.payloadTypes`); each payload says here how its body is read
/// (``CommandBody``), and the routes, role checks and links are made from that.
enum CommandRoute {
    /// Every command on an existing nomination; `submit` is `POST /v1/nominations`.
    static let commands: [String] = NominationCommand.payloadTypes.map { $0.name }.filter { $0 != NominationCommand.Submit.name }

    /// The body reader of each command, by name.
    static let bodies: [String: any CommandBody.Type] = Dictionary(uniqueKeysWithValues: NominationCommand.payloadTypes.compactMap {
        ($0 as? any CommandBody.Type).map { ($0.name, $0) }
    })

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
            let submission = NominationCommand.Submit.read(nominationID: id, from: body)
            let initiatives = body.objects("initiatives", maxCount: 20, required: false) { readInitiative($0) } ?? []
            return submission.map { (.submit($0), initiatives) }
        }
    }

    /// Reads the body of command `name` on nomination `id`.
    static func command(_ name: String, id: String, _ body: FieldReader) throws(Problem) -> NominationCommand {
        try body.read { body in bodies[name]?.read(nominationID: id, from: body)?.command }
    }

    /// A recognised initiative the submission declares: its year and scope.
    static func readInitiative(_ initiative: FieldReader) -> RecognisedInitiative? {
        let year = initiative.integer("year", in: 1945...2100)
        let scope = initiative.enumeration("scope", InitiativeScope.self)
        guard let year, let scope else { return nil }
        return RecognisedInitiative(year: year, scope: scope)
    }

    /// - Parameter defaultUnit: the unit of a nominee whose body names none (a list's rows), or
    ///   nil when the body must name it.
    static func readNominee(_ body: FieldReader, defaultUnit: String? = nil) -> Nominee? {
        let type = body.enumeration("type", NomineeType.self)
        let id = body.identifier("id")
        let name = body.string("name", maxLength: 200)
        let unit = body.identifier("unit", required: defaultUnit == nil) ?? defaultUnit
        switch type {
        case .individual?:
            let position = body.string("position", maxLength: 200)
            // The rule set in force defines front-line staff and small collectives; a flag sent is replaced by it.
            let frontLine = body.bool("is_front_line", required: false)
            guard let id, let name, let unit, let position else { return nil }
            return .individual(id: id, name: name, unit: unit, position: position, isFrontLine: frontLine)
        case .collective?:
            let size = body.integer("size", in: 1...100_000)
            let small = body.bool("is_small_collective", required: false)
            guard let id, let name, let unit, let size else { return nil }
            return .collective(id: id, name: name, unit: unit, size: size, isSmall: small)
        case nil:
            return nil
        }
    }

    static func readDocuments(_ body: FieldReader, required: Bool) -> [DossierDocument]? {
        body.objects("documents", maxCount: maxDocuments, required: required) { document -> DossierDocument? in
            let kind = document.identifier("kind")
            let title = document.string("title", maxLength: 500)
            let sha256 = document.sha256("sha256")
            guard let kind, let title, let sha256 else { return nil }
            return DossierDocument(kind: kind, title: title, sha256: sha256)
        }
    }
}

/// How a command's request body is read: one declaration per command payload, beside nothing else.
protocol CommandBody: NominationCommandPayload {
    /// The payload from `body`, or nil after reporting what is wrong to `body`.
    static func read(nominationID: String, from body: FieldReader) -> Self?
}

extension NominationCommand.Submit: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let kind = body.identifier("kind")
        let title = body.identifier("title")
        let year = body.integer("year", in: 1945...2100)
        let nominee = body.object("nominee") { CommandRoute.readNominee($0) }
        let summary = body.string("achievement_summary", maxLength: 20_000)
        let documents = CommandRoute.readDocuments(body, required: true)
        let movement = body.identifier("movement", required: false)
        guard let kind, let title, let year, let nominee, let summary, let documents else { return nil }
        return Self(nominationID: id, kind: kind, title: title, year: year, nominee: nominee, achievementSummary: summary,
                    documents: documents, movement: movement)
    }
}

extension NominationCommand.Amend: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let summary = body.string("achievement_summary", maxLength: 20_000)
        let documents = CommandRoute.readDocuments(body, required: true)
        guard let summary, let documents else { return nil }
        return Self(nominationID: id, achievementSummary: summary, documents: documents)
    }
}

extension NominationCommand.ReturnForAmendment: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        body.strings("reasons", maxCount: CommandRoute.maxReasons).map { Self(nominationID: id, reasons: $0) }
    }
}

extension NominationCommand.Resubmit: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? { Self(nominationID: id) }
}

extension NominationCommand.Accept: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? { Self(nominationID: id) }
}

extension NominationCommand.PlaceHold: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let holdID = body.identifier("hold_id", required: false) ?? "H-" + UUID().uuidString.prefix(8).lowercased()
        let kind = body.identifier("hold_kind")
        let reference = body.string("reference", maxLength: 500)
        guard let kind, let reference else { return nil }
        return Self(nominationID: id, holdID: holdID, holdKind: kind, reference: reference)
    }
}

extension NominationCommand.LiftHold: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let holdID = body.identifier("hold_id")
        let note = body.string("note", maxLength: 2_000)
        guard let holdID, let note else { return nil }
        return Self(nominationID: id, holdID: holdID, note: note)
    }
}

extension NominationCommand.OpenConsultation: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? { Self(nominationID: id) }
}

extension NominationCommand.RecordComment: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let commenter = body.string("commenter", maxLength: 200)
        let comment = body.string("comment", maxLength: 10_000)
        guard let commenter, let comment else { return nil }
        return Self(nominationID: id, commenter: commenter, comment: comment)
    }
}

extension NominationCommand.CloseConsultation: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? { Self(nominationID: id) }
}

extension NominationCommand.ScheduleForCouncil: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        body.identifier("session_id").map { Self(nominationID: id, sessionID: $0) }
    }
}

extension NominationCommand.RecordCouncilResult: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        read(nominationID: id, sessionID: body.identifier("session_id"), from: body)
    }

    /// A result whose session is named elsewhere (a whole agenda's ballot names it in its path).
    static func read(nominationID id: String?, sessionID session: String?, from body: FieldReader) -> Self? {
        let inFavour = body.integer("in_favour", in: 0...1_000)
        let against = body.integer("against", in: 0...1_000)
        let abstaining = body.integer("abstaining", in: 0...1_000)
        let opinions = body.objects("written_opinions", maxCount: 1_000, required: false) { opinion -> WrittenOpinion? in
            let member = opinion.identifier("member_id")
            let inFavour = opinion.bool("in_favour")
            guard let member, let inFavour else { return nil }
            return WrittenOpinion(memberID: member, inFavour: inFavour)
        } ?? []
        // A secret ballot's written opinions: who sent one, and how many are in favour.
        let from = body.strings("written_opinions_from", maxCount: 1_000, maxLength: 64, required: false)
        let writtenInFavour = body.integer("written_in_favour", in: 0...1_000, required: false)
        guard let id, let session, let inFavour, let against, let abstaining else { return nil }
        let ballots = (from != nil || writtenInFavour != nil) ? WrittenBallots(from: from ?? [], inFavour: writtenInFavour ?? 0) : nil
        return Self(nominationID: id, sessionID: session, inFavour: inFavour, against: against, abstaining: abstaining,
                    writtenOpinions: opinions, writtenBallots: ballots)
    }
}

extension NominationCommand.Approve: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let number = body.string("decision_number", maxLength: 100)
        let date = body.date("decision_date")
        guard let number, let date else { return nil }
        return Self(nominationID: id, decisionNumber: number, decisionDate: date)
    }
}

extension NominationCommand.Reject: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        body.strings("reasons", maxCount: CommandRoute.maxReasons).map { Self(nominationID: id, reasons: $0) }
    }
}

extension NominationCommand.Forward: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let authority = body.string("authority", maxLength: 200)
        let number = body.string("submission_number", maxLength: 100)
        guard let authority, let number else { return nil }
        return Self(nominationID: id, authority: authority, submissionNumber: number)
    }
}

extension NominationCommand.RecordHigherDecision: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let authority = body.string("authority", maxLength: 200)
        let outcome = body.enumeration("outcome", HigherOutcome.self)
        let number = body.string("decision_number", maxLength: 100)
        let date = body.date("decision_date")
        guard let authority, let outcome, let number, let date else { return nil }
        return Self(nominationID: id, authority: authority, outcome: outcome, decisionNumber: number, decisionDate: date)
    }
}

extension NominationCommand.Withdraw: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        body.string("reason", maxLength: 2_000).map { Self(nominationID: id, reason: $0) }
    }
}

extension NominationCommand.Revoke: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let ground = body.enumeration("ground", RevocationGround.self)
        let basis = body.string("legal_basis", maxLength: 500)
        let number = body.string("decision_number", maxLength: 100)
        let authority = body.string("authority", maxLength: 200, required: false)
        guard let ground, let basis, let number else { return nil }
        return Self(nominationID: id, ground: ground, legalBasis: basis, decisionNumber: number, authority: authority)
    }
}

extension NominationCommand.Restore: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let reason = body.string("reason", maxLength: 2_000)
        let number = body.string("decision_number", maxLength: 100)
        let authority = body.string("authority", maxLength: 200, required: false)
        guard let reason, let number else { return nil }
        return Self(nominationID: id, reason: reason, decisionNumber: number, authority: authority)
    }
}

extension NominationCommand.Reschedule: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        let session = body.identifier("session_id")
        let reason = body.string("reason", maxLength: 2_000)
        guard let session, let reason else { return nil }
        return Self(nominationID: id, sessionID: session, reason: reason)
    }
}

extension NominationCommand.Unschedule: CommandBody {
    static func read(nominationID id: String, from body: FieldReader) -> Self? {
        body.string("reason", maxLength: 2_000).map { Self(nominationID: id, reason: $0) }
    }
}
