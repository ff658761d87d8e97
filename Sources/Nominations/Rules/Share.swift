/// An exact proportion such as 90% or two thirds, compared in whole numbers so that a vote
/// exactly at a threshold is never lost to floating-point rounding.
public struct Share: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int
    /// How the share was written in the rule file (`"90%"`, `"2/3"`), kept for explanations.
    public let text: String

    /// Parses `"90%"`, `"12.5%"` or `"2/3"`; returns nil for anything else or a share above one.
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        if trimmed.hasSuffix("%") {
            let number = trimmed.dropLast()
            let parts = number.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let whole = Int(parts[0]) else { return nil }
            var numerator = whole
            var denominator = 100
            if parts.count == 2 {
                guard !parts[1].isEmpty, let fraction = Int(parts[1]) else { return nil }
                for _ in parts[1] { numerator *= 10; denominator *= 10 }
                numerator += fraction
            }
            self.init(numerator: numerator, denominator: denominator, text: trimmed)
        } else {
            let parts = trimmed.split(separator: "/")
            guard parts.count == 2, let numerator = Int(parts[0]), let denominator = Int(parts[1]) else { return nil }
            self.init(numerator: numerator, denominator: denominator, text: trimmed)
        }
    }

    private init?(numerator: Int, denominator: Int, text: String) {
        guard numerator >= 0, denominator > 0, numerator <= denominator else { return nil }
        self.numerator = numerator
        self.denominator = denominator
        self.text = text
    }

    /// Whether `count` out of `base` reaches this share: at least it, or strictly more when `strictly`.
    public func isReached(by count: Int, of base: Int, strictly: Bool = false) -> Bool {
        let left = count * denominator
        let right = numerator * base
        return strictly ? left > right : left >= right
    }

    /// Whether `count` out of `base` stays within this share (for caps).
    public func allows(_ count: Int, of base: Int) -> Bool {
        count * denominator <= numerator * base
    }

    public var description: String { text }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Whether the text is empty or only spaces: `trimmingSpaces.isEmpty` without building the
    /// trimmed copy (a space is one byte and never part of a longer character's bytes, so the
    /// bytes tell). Checked on every command's free text.
    var isBlank: Bool { utf8.allSatisfy { $0 == UInt8(ascii: " ") } }
}

/// Formats `count / base` as a percentage with one decimal, as auditors read it ("81.8%").
func percentage(_ count: Int, of base: Int) -> String {
    guard base > 0 else { return "0%" }
    let tenths = (count * 1000 + base / 2) / base
    return "\(tenths / 10).\(tenths % 10)%"
}
