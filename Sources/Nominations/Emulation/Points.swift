/// Points on a scoring table, kept in hundredths so that sums and comparisons are exact: tables
/// give maxima such as 2.5 and units score in halves and quarters, and a sum in binary floating
/// point could split or join a tie that the table's own arithmetic does not.
public struct Points: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, AdditiveArithmetic {
    public let hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Whole points.
    public init(_ whole: Int) { hundredths = whole * 100 }

    /// `number` when it has at most two decimals and a plausible size (under a million); nil otherwise.
    public init?(exactly number: Double) {
        guard number.isFinite, abs(number) < 1_000_000 else { return nil }
        let scaled = (number * 100).rounded()
        guard abs(scaled - number * 100) < 1e-6 else { return nil }
        hundredths = Int(scaled)
    }

    public static let zero = Points(hundredths: 0)

    public static func + (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func - (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths - rhs.hundredths) }
    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.hundredths < rhs.hundredths }

    /// The number as JSON writes it: `8.5`, `10`, `-2.25`.
    public var value: Double { Double(hundredths) / 100 }

    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        return fraction % 10 == 0 ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Double.self)
        guard let points = Points(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\(number) is not a number of points with at most two decimals"))
        }
        self = points
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // A whole number is written as one, so stored payloads read `10`, not `10.0`.
        if hundredths % 100 == 0 { try container.encode(hundredths / 100) } else { try container.encode(value) }
    }
}

extension Sequence {
    /// The sum of `points` over the elements.
    func sum(_ points: (Element) -> Points) -> Points { reduce(.zero) { $0 + points($1) } }
}
