import Hummingbird

/// A route's movement `{id}`: letters, digits, `-` and `_`, at most 64 characters (no `.`, which
/// separates the movement from the unit in a response's stream); 404 otherwise.
struct MovementPath {
    let id: String

    init(_ context: LaurelRequestContext) throws(Problem) {
        let text = context.parameters.get("id") ?? ""
        guard Self.isWellFormed(text) else { throw Problem.notFound("'\(text.prefix(64))' is not a movement") }
        id = text
    }

    static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".unicodeScalars)
}
