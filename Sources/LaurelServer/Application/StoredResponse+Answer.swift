import Commands
import Foundation

extension StoredResponse {
    /// The JSON object a command answered, for a console form that runs the command and then
    /// shows a page; nil for any other body.
    var answer: [String: JSONValue]? {
        guard case .object(let answer)? = try? JSONValue.parse(body) else { return nil }
        return answer
    }

    /// The answer's `checkpoint` (a ``CheckpointTokens`` token): what the page shown next waits
    /// for the read models to reach.
    var checkpoint: String? {
        guard case .string(let token)? = answer?["checkpoint"] else { return nil }
        return token
    }
}
