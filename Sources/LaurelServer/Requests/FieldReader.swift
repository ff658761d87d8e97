import Foundation
import Nominations
import Workflow

/// Reads a JSON object field by field, collecting every problem instead of stopping at the first.
///
/// Each accessor records the field as known; `finish()` then refuses fields nobody read (a
/// misspelt `decison_number` must not be silently ignored) and throws all problems as one 422.
/// Strings are limited in length and may not contain control characters other than tab and line
/// breaks: PostgreSQL's `jsonb` refuses U+0000, and no field needs the others.
final class FieldReader {
    private let object: [String: JSONValue]
    private let path: String
    private let sink: Sink
    private var known: Set<String> = []
    /// Query parameters arrive as text: numbers and booleans are parsed from it.
    private let fromQuery: Bool

    /// Where the problems of a reader and its nested readers go.
    private final class Sink {
        var errors: [Problem.FieldError] = []
    }

    /// A reader of the request's top-level object.
    /// - Throws: `Problem` 400/422 when the body is not JSON or not an object.
    convenience init(body data: Data) throws(Problem) {
        let value = data.isEmpty ? JSONValue.object([:]) : try JSONValue.parse(data)
        guard case .object(let object) = value else { throw Problem.invalid(field: "", "the body must be a JSON object") }
        self.init(object: object, path: "", sink: Sink(), fromQuery: false)
    }

    /// A reader of a query string; a parameter given twice is refused.
    convenience init(query parameters: some Sequence<(key: Substring, value: Substring)>) throws(Problem) {
        var object: [String: JSONValue] = [:]
        for (key, value) in parameters {
            guard object[String(key)] == nil else { throw Problem.invalid(field: String(key), "is given more than once") }
            object[String(key)] = .string(String(value))
        }
        self.init(object: object, path: "", sink: Sink(), fromQuery: true)
    }

    /// A reader of values that arrive as text (a CSV upload's fields): numbers and booleans are
    /// parsed from it, as for a query string.
    convenience init(text object: [String: JSONValue]) {
        self.init(object: object, path: "", sink: Sink(), fromQuery: true)
    }

    private init(object: [String: JSONValue], path: String, sink: Sink, fromQuery: Bool) {
        self.object = object
        self.path = path
        self.sink = sink
        self.fromQuery = fromQuery
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reports a problem the reader's own checks cannot see, such as two fields that exclude each other.
    func reject(_ key: String, _ reason: String) { fail(key, reason) }

    private func fail(_ key: String, _ reason: String) {
        sink.errors.append(Problem.FieldError(field: name(key), reason: reason))
    }

    /// The raw value; records the key as known and reports a missing required one.
    private func raw(_ key: String, required: Bool) -> JSONValue? {
        known.insert(key)
        switch object[key] {
        case nil, .null?:
            if required { fail(key, "is required") }
            return nil
        case let value?:
            return value
        }
    }

    /// A text field of at most `maxLength` characters; blank text counts as missing.
    func string(_ key: String, maxLength: Int = 200, required: Bool = true) -> String? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            fail(key, "must be a string, not \(value.typeName)")
            return nil
        }
        return check(text, key: key, maxLength: maxLength, required: required)
    }

    private func check(_ text: String, key: String, maxLength: Int, required: Bool) -> String? {
        // Not `trimmingCharacters(in:)`: it copies the text through NSString, on every field of
        // every request, where the first character that is not white space settles it.
        if text.unicodeScalars.allSatisfy({ CharacterSet.whitespacesAndNewlines.contains($0) }) {
            if required { fail(key, "must not be blank") }
            return nil
        }
        if text.count > maxLength {
            fail(key, "must be at most \(maxLength) characters")
            return nil
        }
        if text.unicodeScalars.contains(where: Self.isRefusedControl) {
            fail(key, "must not contain control characters")
            return nil
        }
        return text
    }

    /// Whether `scalar` is a control character other than tab, line feed and carriage return.
    /// Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F,
    /// a set Unicode's stability policy keeps fixed: compared by value rather than looked up in
    /// the property tables for every character of every field.
    static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// An identifier: letters, digits, `.`, `_`, `-` and `/`, at most 64 characters.
    func identifier(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, maxLength: 64, required: required) else { return nil }
        guard text.unicodeScalars.allSatisfy({ Self.identifierCharacters.contains($0) }) else {
            fail(key, "may contain only letters, digits, '.', '_', '-' and '/'")
            return nil
        }
        return text
    }

    static let identifierCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")

    /// A whole number within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = true) -> Int? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .integer(let number) = fromQuery ? parsedScalar(value) : value else {
            fail(key, "must be a whole number, not \(value.typeName)")
            return nil
        }
        guard let int = Int(exactly: number), range.contains(int) else {
            fail(key, "must be from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return int
    }

    /// Points of a scoring table: a number with at most two decimals, from 0 to `maximum`.
    func points(_ key: String, maximum: Int = 10_000, required: Bool = true) -> Points? {
        guard let value = raw(key, required: required) else { return nil }
        let number: Double? = switch fromQuery ? parsedScalar(value) : value {
        case .integer(let whole): Double(exactly: whole)
        case .number(let fraction): fraction
        default: nil
        }
        guard let number else {
            fail(key, "must be a number, not \(value.typeName)")
            return nil
        }
        guard let points = Points(exactly: number), points >= .zero, points <= Points(maximum) else {
            fail(key, "must be from 0 to \(maximum), with at most two decimals")
            return nil
        }
        return points
    }

    func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .bool(let flag) = fromQuery ? parsedScalar(value) : value else {
            fail(key, "must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A query parameter's text as the number or boolean it spells, if it does.
    private func parsedScalar(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value else { return value }
        if let number = Int64(text) { return .integer(number) }
        // A decimal written with a point ("36.5"): a form's points. Nothing else (no "nan", no exponent).
        if text.contains("."), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), let number = Double(text) {
            return .number(number)
        }
        if text == "true" || text == "false" { return .bool(text == "true") }
        return value
    }

    /// A `YYYY-MM-DD` calendar date that exists, within ``plausibleDates``.
    func date(_ key: String, required: Bool = true) -> LocalDate? {
        guard let text = string(key, maxLength: 10, required: required) else { return nil }
        guard let date = LocalDate(iso: text) else {
            fail(key, "must be an existing date written YYYY-MM-DD")
            return nil
        }
        guard Self.plausibleDates.contains(date) else {
            fail(key, "must be between \(Self.plausibleDates.lowerBound) and \(Self.plausibleDates.upperBound)")
            return nil
        }
        return date
    }

    /// The dates a decision, session or hearing of Vietnam's emulation and commendation work can
    /// carry: from the Democratic Republic's founding year, when the first emulation movement
    /// began, to a horizon no working-day calendar reaches. A year such as 0067 is a typing error.
    static let plausibleDates = LocalDate(year: 1945, month: 1, day: 1)!...LocalDate(year: 2100, month: 12, day: 31)!

    /// One of `choices`.
    func choice(_ key: String, _ choices: [String], required: Bool = true) -> String? {
        guard let text = string(key, maxLength: 64, required: required) else { return nil }
        guard choices.contains(text) else {
            fail(key, "must be one of \(choices.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// A value of a string enumeration.
    func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, _: Value.Type) -> Value? where Value.RawValue == String {
        choice(key, Value.allCases.map(\.rawValue)).flatMap(Value.init(rawValue:))
    }

    /// A lower-case hexadecimal SHA-256.
    func sha256(_ key: String) -> String? {
        guard let text = string(key, maxLength: 64) else { return nil }
        guard DossierDocument.isLowercaseSHA256(text) else {
            fail(key, "must be 64 lower-case hexadecimal digits")
            return nil
        }
        return text
    }

    /// A nested object, read with its own reader; its unknown fields are reported by `finish()`.
    func object<Result>(_ key: String, required: Bool = true, _ read: (FieldReader) -> Result?) -> Result? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .object(let nested) = value else {
            fail(key, "must be an object, not \(value.typeName)")
            return nil
        }
        let reader = FieldReader(object: nested, path: name(key), sink: sink, fromQuery: fromQuery)
        let result = read(reader)
        reader.reportUnknown()
        return result
    }

    /// An array of objects, each read with its own reader.
    func objects<Item>(_ key: String, maxCount: Int, required: Bool = true, _ read: (FieldReader) -> Item?) -> [Item]? {
        guard let items = array(key, maxCount: maxCount, required: required) else { return nil }
        var result: [Item] = []
        for (index, item) in items.enumerated() {
            guard case .object(let nested) = item else {
                fail("\(key)[\(index)]", "must be an object, not \(item.typeName)")
                continue
            }
            let reader = FieldReader(object: nested, path: name("\(key)[\(index)]"), sink: sink, fromQuery: fromQuery)
            if let value = read(reader) { result.append(value) }
            reader.reportUnknown()
        }
        return result.count == items.count ? result : nil
    }

    /// An array of whole numbers, each within `range`.
    func integers(_ key: String, in range: ClosedRange<Int>, maxCount: Int, required: Bool = true) -> [Int]? {
        guard let items = array(key, maxCount: maxCount, required: required) else { return nil }
        var result: [Int] = []
        for (index, item) in items.enumerated() {
            guard case .integer(let number) = item, let int = Int(exactly: number), range.contains(int) else {
                fail("\(key)[\(index)]", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                continue
            }
            result.append(int)
        }
        return result.count == items.count ? result : nil
    }

    /// An array of non-blank strings.
    func strings(_ key: String, maxCount: Int, maxLength: Int = 500, required: Bool = true) -> [String]? {
        guard let items = array(key, maxCount: maxCount, required: required) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                fail("\(key)[\(index)]", "must be a string, not \(item.typeName)")
                continue
            }
            if let text = check(text, key: "\(key)[\(index)]", maxLength: maxLength, required: true) { result.append(text) }
        }
        return result.count == items.count ? result : nil
    }

    private func array(_ key: String, maxCount: Int, required: Bool) -> [JSONValue]? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "must be an array, not \(value.typeName)")
            return nil
        }
        guard items.count <= maxCount else {
            fail(key, "may have at most \(maxCount) items")
            return nil
        }
        return items
    }

    private func reportUnknown() {
        for key in Set(object.keys).subtracting(known).sorted() { fail(key, "is not a known field") }
    }

    /// Throws every problem found, including unknown fields, as one 422.
    func finish() throws(Problem) {
        reportUnknown()
        guard sink.errors.isEmpty else { throw Problem.invalid(sink.errors) }
    }

    /// Reads with `read` and finishes: the value, or every problem. `read` returning nil without
    /// reporting a problem is a programming error, reported rather than crashing.
    func read<Result>(_ read: (FieldReader) -> Result?) throws(Problem) -> Result {
        let result = read(self)
        try finish()
        guard let result else { throw Problem.invalid(field: path, "could not be read") }
        return result
    }
}
