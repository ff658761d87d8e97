import Foundation
import Hummingbird
import HTTPTypes
import Mustache

/// Renders the console's pages from the Mustache templates shipped as the module's resources.
///
/// Every value reaches a page through `{{…}}`, which escapes it: no template uses the
/// triple-mustache, so a nominee named `<script>` is shown as text.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Reads the templates from the module's resources.
    init() async throws {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw ConsoleSetupError(message: "the console's templates are missing from its resources")
        }
        library = try await MustacheLibrary(directory: directory.path)
    }

    /// The page `template` as an HTML response, with `model` beside the language's strings.
    func render(_ template: String, _ model: [String: Any], language: Language, status: HTTPResponse.Status = .ok) throws -> Response {
        var values = model
        values["t"] = language.templateStrings
        values["lang"] = language.rawValue
        guard let html = library.render(values, withTemplate: template) else {
            throw ConsoleSetupError(message: "no template named \(template)")
        }
        return Self.html(html, status: status)
    }

    /// An HTML response with the console's headers: nothing cached, nothing run but the page's own.
    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ]
        headers[.referrerPolicy] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The console cannot start: its resources are missing or broken.
struct ConsoleSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
