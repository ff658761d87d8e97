import Hummingbird

/// The console's languages: Vietnamese first, English on request (`?lang=en`, then kept in a cookie).
enum Language: String, Sendable, CaseIterable {
    case vietnamese = "vi"
    case english = "en"

    /// The cookie that keeps the language a person chose.
    static let cookie = "laurel_lang"

    /// The request's language: `?lang=` first, then the cookie, else Vietnamese.
    init(_ request: Request) {
        let asked = request.uri.queryParameters.get("lang") ?? request.cookies[Self.cookie]?.value
        self = asked.flatMap(Language.init(rawValue:)) ?? .vietnamese
    }

    /// Whether the request chose the language in its query (so the answer keeps it in a cookie).
    static func isChosen(in request: Request) -> Bool {
        request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) != nil
    }

    /// Every string of the console in this language, by key.
    var strings: [String: String] {
        switch self {
        case .vietnamese: Strings.vietnamese
        case .english: Strings.english
        }
    }

    /// The strings as templates name them: `{{t.nav_submit}}` for `nav.submit` (a dot in a
    /// Mustache name would look inside a value).
    var templateStrings: [String: String] { Self.templateTables[self] ?? [:] }

    private static let templateTables: [Language: [String: String]] = Dictionary(uniqueKeysWithValues: allCases.map { language in
        (language, language.strings.reduce(into: [:]) { $0[$1.key.replacingOccurrences(of: ".", with: "_")] = $1.value })
    })

    /// The text of `key`, or the key itself when the table lacks it (a test holds the tables to the same keys).
    func text(_ key: String) -> String { strings[key] ?? key }
}

/// The console's words, one table per language with the same keys.
enum Strings {}
