import Workflow

/// One authority's register of award decisions for one year (sổ quyết định): the numbers its
/// decisions take, in order. Its own aggregate, one stream per authority and year, so that
/// decisions issued at the same moment are ordered by its version: each takes the next number,
/// with no gaps and no duplicates.
public struct DecisionRegister: Sendable, Equatable {
    /// The decision of each number taken, by number.
    public internal(set) var decisions: [Int: String] = [:]
    /// The last number taken, or the last one issued before the register was kept here.
    public internal(set) var lastNumber = 0

    public init() {}

    /// The number the next decision takes.
    public var nextNumber: Int { lastNumber + 1 }
}

/// Which register: an authority's (the unit whose head issues) in one year.
public struct RegisterKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public let authority: String
    public let year: Int

    public init(authority: String, year: Int) {
        self.authority = authority
        self.year = year
    }

    public var streamID: String { "\(authority).\(year)" }
    public var description: String { "the register of \(authority) for \(year)" }
}

/// What changes a register.
public enum DecisionRegisterCommand: Sendable, Equatable {
    /// Decision `decisionID` takes `number`, which must be the next one.
    case take(number: Int, decisionID: String)
}

/// `decision_register.number_taken`
public struct DecisionNumberTaken: EventPayload {
    public static let type = "decision_register.number_taken"
    public static let schemaVersion = 1
    public let number: Int
    public let decisionID: String
}

/// Events of a decision register.
public typealias DecisionRegisterEvent = SoleEvent<DecisionNumberTaken>

extension DecisionRegister: Decider {
    public static let initialState = DecisionRegister()

    public static func evolve(_ register: DecisionRegister, _ event: DecisionRegisterEvent) -> DecisionRegister {
        var register = register
        switch event {
        case .recorded(let taken):
            register.decisions[taken.number] = taken.decisionID
            register.lastNumber = max(register.lastNumber, taken.number)
        }
        return register
    }

    /// A number is taken only in turn: a decision that read the register before another took
    /// its number is refused, and reads it again.
    public static func decide(
        _ command: DecisionRegisterCommand, _ register: DecisionRegister, _ key: RegisterKey
    ) throws(DomainError) -> [DecisionRegisterEvent] {
        switch command {
        case let .take(number, decisionID):
            guard number == register.nextNumber else {
                throw DomainError(.decisionNumberTaken, "number \(number) of \(key) is not the next one (\(register.nextNumber))")
            }
            return [.recorded(DecisionNumberTaken(number: number, decisionID: decisionID))]
        }
    }
}
