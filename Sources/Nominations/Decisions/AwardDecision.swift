import Workflow

/// A numbered award decision (quyết định khen thưởng): one authority's decision awarding a title
/// to everyone on its list, every listed nomination approved by it in one append. Its own
/// aggregate, one stream per decision. A decision is never edited: it is corrected only by a
/// later decision that cites it.
public struct AwardDecision: Sendable, Equatable, Codable {
    /// `<authority>-<year>-<number>`, such as `vksndtc-2026-215`.
    public let id: String
    /// The unit whose head issues it.
    public let authority: String
    public let year: Int
    /// Its number in the authority's register for the year.
    public let sequence: Int
    /// The office's symbol, such as `QĐ-VKSTC`.
    public let symbol: String
    public let date: LocalDate
    /// Where it is signed, as the heading reads (`Hà Nội`).
    public let place: String
    /// The subject line (trích yếu).
    public let subject: String
    /// The legal bases (căn cứ), from the rule sets of the nominations it decides.
    public let legalBases: [String]
    public let signer: DecisionSigner
    public let awardees: [Awardee]
    /// Who receives it (nơi nhận).
    public let recipients: [String]
    /// The decision it corrects, if it is a correction.
    public let corrects: String?
    /// What it corrects, and why.
    public let correction: String?
    /// The later decision that corrects this one, once issued.
    public internal(set) var correctedBy: String?

    public init(
        authority: String, year: Int, sequence: Int, symbol: String, date: LocalDate, place: String, subject: String,
        legalBases: [String], signer: DecisionSigner, awardees: [Awardee], recipients: [String], corrects: String?,
        correction: String?
    ) {
        id = Self.id(authority: authority, year: year, sequence: sequence)
        self.authority = authority
        self.year = year
        self.sequence = sequence
        self.symbol = symbol
        self.date = date
        self.place = place
        self.subject = subject
        self.legalBases = legalBases
        self.signer = signer
        self.awardees = awardees
        self.recipients = recipients
        self.corrects = corrects
        self.correction = correction
    }

    /// The same decision signed by `signer`.
    func signed(by signer: DecisionSigner) -> AwardDecision {
        AwardDecision(authority: authority, year: year, sequence: sequence, symbol: symbol, date: date, place: place, subject: subject,
                      legalBases: legalBases, signer: signer, awardees: awardees, recipients: recipients, corrects: corrects,
                      correction: correction)
    }

    /// As the document writes it: `215/QĐ-VKSTC`.
    public var number: String { "\(sequence)/\(symbol)" }

    /// The id of decision `sequence` of `authority` in `year`.
    public static func id(authority: String, year: Int, sequence: Int) -> String { "\(authority)-\(year)-\(sequence)" }
}

/// Who signed: the head, or a deputy on the head's behalf ("KT. VIỆN TRƯỞNG / PHÓ VIỆN TRƯỞNG").
public struct DecisionSigner: Sendable, Equatable, Codable {
    /// The name as the signature block prints it.
    public let name: String
    /// The head's position, such as `Viện trưởng`.
    public let position: String
    public let signedOnBehalf: SignedOnBehalf?

    public init(name: String, position: String, signedOnBehalf: SignedOnBehalf?) {
        self.name = name
        self.position = position
        self.signedOnBehalf = signedOnBehalf
    }
}

/// One person or collective a decision awards.
public struct Awardee: Sendable, Equatable, Codable {
    public let nominationID: String
    public let nominee: Nominee
    public let title: String
    public let titleName: String
    /// The year of the achievement the title is for.
    public let year: Int

    public init(nominationID: String, nominee: Nominee, title: String, titleName: String, year: Int) {
        self.nominationID = nominationID
        self.nominee = nominee
        self.title = title
        self.titleName = titleName
        self.year = year
    }
}
