/// Why a decision came out as it did, in words an auditor can read and with the data to check it.
///
/// Stored in decision events, so the reasoning is preserved even after rule files change.
public struct Explanation: Sendable, Equatable, Codable {
    /// One named input of the rule, with its value as text.
    public struct Input: Sendable, Equatable, Codable {
        public let name: String
        public let value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The rule set version that was applied.
    public let ruleSetVersion: String
    /// Which rule, for example `titles.sector_emulation_fighter.vote`.
    public let rule: String
    /// The legal source of the rule.
    public let source: String
    public let inputs: [Input]
    /// Whether the rule was satisfied.
    public let satisfied: Bool
    /// The full sentence, for example "9 of 11 members in favour = 81.8%; the rule requires at least
    /// 90% of total membership; not recommended".
    public let text: String

    public init(ruleSetVersion: String, rule: String, source: String, inputs: [Input], satisfied: Bool, text: String) {
        self.ruleSetVersion = ruleSetVersion
        self.rule = rule
        self.source = source
        self.inputs = inputs
        self.satisfied = satisfied
        self.text = text
    }
}
