import Foundation
import Workflow

/// The service's settings: `config/laurel.yaml`, then `LAUREL_*` environment variables on top.
///
/// Every setting is declared once in ``ServerSettings/catalogue`` with its YAML key, its
/// environment variable, its default and a sentence of documentation, so the file, the
/// environment and `laurel serve --list-settings` can never disagree.
public struct ServerSettings: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Reverse proxies (their addresses, comma-separated) whose `X-Forwarded-For` names the client
    /// the rate limits count against. Empty: the connection's address is the client.
    public var trustedProxies = ""
    /// Origins (comma-separated, such as `https://console.vks.gov.vn`) whose browser applications
    /// may call the API (CORS). Empty: none, and `OPTIONS` is 405 as for any unserved method.
    public var corsAllowedOrigins = ""

    /// ``corsAllowedOrigins`` as a set.
    public var corsOrigins: Set<String> {
        Set(corsAllowedOrigins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
    /// Requests a client may send per second on average before it gets 429; 0 turns the limit off.
    public var requestsPerSecond = 100
    /// Requests a client may send at once above that average.
    public var requestBurst = 200
    /// Whether clients on this machine (the demo, the benchmarks, a local proxy not trusted to
    /// name its clients) are left out of the rate limits.
    public var rateLimitExemptsLoopback = true
    /// Larger request bodies are refused with 413 before they are parsed.
    public var maxBodyBytes = 1_048_576
    /// A year-end list's body: up to 1,000 rows, each with its documents' checksums.
    public var maxListBytes = 8_388_608
    /// A dossier's file (PDF or image) larger than this is refused.
    public var maxDocumentBytes = 10_485_760
    /// A dossier's files together larger than this are refused.
    public var maxDossierBytes = 31_457_280
    /// A PostgreSQL URL; empty means the embedded cluster in ``dataDirectory``.
    public var databaseURL = ""
    /// A hot standby of the database (streaming replication) for the list and report queries;
    /// empty: they run on the primary.
    public var replicaURL = ""
    public var dataDirectory = ".laurel/pgdata"
    public var poolSize = 16
    /// How long a request waits for a free database connection before it gets 503.
    public var acquireTimeoutMilliseconds = 2_000
    /// Connections that carry single statements of many requests together (see
    /// `ConnectionPool.Options.multiplexingConnections`); 0 lends one per statement.
    public var multiplexingConnections = 0
    /// Connections that commit the writes of concurrent commands together (see
    /// `EventStore.Options.groupCommitConnections`); 0 commits each in a transaction of its own.
    /// One by default: sharing the commit cut PostgreSQL's CPU per command by about 40% in the HTTP
    /// benchmark, at the price of commands of one group waiting for each other's writes.
    public var groupCommitConnections = 1
    public var migrateOnStart = true
    /// The migrations directory; empty: the migrations built into the binary.
    public var migrationsDirectory = ""
    /// The tenant every request of this process belongs to.
    public var tenant = "vks"
    /// Where `workflows/`, `rules/`, `calendar/` and `organization.yaml` are read from; empty:
    /// the configuration built into the binary.
    public var configDirectory = ""
    public var logLevel = "info"
    /// `text` for people, `json` (one object a line) for log shippers.
    public var logFormat = "text"
    /// An OpenTelemetry collector's OTLP/HTTP address (`http://collector:4318`) the spans are
    /// sent to; empty: no tracing.
    public var tracingEndpoint = ""
    /// The shared secret of HS256 tokens. Empty disables HS256.
    public var tokenSecret = ""
    /// A PEM file with the ES256 public key tokens may be signed with. Empty disables ES256.
    public var tokenPublicKeyFile = ""
    /// A JWKS file of verification keys chosen by the token's `kid`, read again when it changes.
    /// Empty: none, and tokens are verified with the secret and the public key alone.
    public var tokenKeySetFile = ""
    /// Failed authentications a client may make per minute before its requests get 429; 0 turns
    /// the limit off.
    public var failedAuthenticationsPerMinute = 30
    public var tokenIssuer = "laurel"
    public var tokenLifetimeMinutes = 480
    /// How long a query that names a checkpoint waits for the read models to reach it.
    public var readYourWritesTimeoutMilliseconds = 5_000
    /// How long a console sign-in lasts.
    public var consoleSessionMinutes = 480
    /// Failed sign-ins in a row that cost nothing; each one after them makes the next attempt wait.
    public var consoleFreeFailures = 3
    /// The wait after the first costly failure, doubled by each one after it.
    public var consoleFailureDelaySeconds = 2
    /// Failed sign-ins in a row that lock the login.
    public var consoleLockAfterFailures = 10
    /// How long a locked login stays locked.
    public var consoleLockMinutes = 15
    /// The bcrypt cost of console passwords (each step doubles the work).
    public var consolePasswordCost = 12

    public init() {}

    /// One setting: where it comes from and how it is applied.
    public struct Setting: Sendable {
        /// The dotted YAML key, for example `server.port`.
        public let key: String
        public let summary: String
        let apply: @Sendable (inout ServerSettings, String) -> String?
        let current: @Sendable (ServerSettings) -> String

        /// `LAUREL_` and the key in upper case with dots as underscores: `LAUREL_SERVER_PORT`.
        public var environmentVariable: String {
            "LAUREL_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
        }

        /// The value in `settings`, as it would be written in the file.
        public func value(in settings: ServerSettings) -> String { current(settings) }
    }

    /// Every setting, in the order they are documented.
    public static let catalogue: [Setting] = [
        text("server.host", "Address the HTTP server binds to.", \.host),
        integer("server.port", "TCP port of the HTTP server (0 picks a free port).", \.port, 0...65_535),
        integer("server.max_body_bytes", "Request bodies larger than this get 413.", \.maxBodyBytes, 1_024...104_857_600),
        integer("server.max_list_bytes", "Year-end lists (JSON or CSV) larger than this get 413.", \.maxListBytes, 1_024...104_857_600),
        integer("documents.max_file_bytes", "A dossier's file (PDF, PNG or JPEG) larger than this is refused.",
                \.maxDocumentBytes, 1_024...104_857_600),
        integer("documents.max_dossier_bytes", "A dossier's files together larger than this are refused.",
                \.maxDossierBytes, 1_024...1_073_741_824),
        text("server.trusted_proxies",
             "Addresses (comma-separated) of reverse proxies whose X-Forwarded-For names the client; empty trusts none.",
             \.trustedProxies, allowEmpty: true),
        text("server.cors_allowed_origins",
             "Origins (comma-separated, such as https://console.example) whose browser applications may call the API; empty allows none.",
             \.corsAllowedOrigins, allowEmpty: true),
        integer("server.rate_limit.requests_per_second",
                "Requests per second a client may send on average before 429; 0 turns the limit off.",
                \.requestsPerSecond, 0...1_000_000),
        integer("server.rate_limit.burst", "Requests a client may send at once above that average.",
                \.requestBurst, 1...1_000_000),
        boolean("server.rate_limit.exempt_loopback", "Clients on this machine (127.0.0.0/8, ::1) are not rate limited.",
                \.rateLimitExemptsLoopback),
        text("database.url", "PostgreSQL URL or conninfo; empty uses the embedded cluster.", \.databaseURL, allowEmpty: true),
        text("database.replica_url", "A hot standby's URL for list and report queries; empty: they run on the primary.",
             \.replicaURL, allowEmpty: true),
        text("database.data_dir", "Data directory of the embedded cluster.", \.dataDirectory),
        integer("database.pool_size", "Connections the request pool may open.", \.poolSize, 1...512),
        integer("database.acquire_timeout_ms", "Wait for a free connection before answering 503.",
                \.acquireTimeoutMilliseconds, 1...600_000),
        integer("database.multiplexing_connections",
                "Pool connections that send single statements of many requests together; 0 lends one per statement.",
                \.multiplexingConnections, 0...512),
        integer("database.group_commit_connections",
                "Pool connections that commit the writes of concurrent commands together; 0 commits each alone.",
                \.groupCommitConnections, 0...512),
        boolean("database.migrate_on_start", "Apply pending migrations at start.", \.migrateOnStart),
        text("database.migrations_dir", "Directory of the SQL migrations; empty for those built into the binary.",
             \.migrationsDirectory, allowEmpty: true),
        text("tenant", "The installation's own tenant: tokens without a tenant claim, the console and /metrics; "
                + "others are registered with laurel tenants add.", \.tenant),
        text("config_dir", "Directory with workflows/, rules/, calendar/ and organization.yaml; empty for the built-in one.",
             \.configDirectory, allowEmpty: true),
        choice("log_level", "trace, debug, info, notice, warning, error or critical.", \.logLevel,
               ["trace", "debug", "info", "notice", "warning", "error", "critical"]),
        choice("log_format", "text for people, or json: one object a line, for log shippers.", \.logFormat,
               LogFormat.allCases.map(\.rawValue)),
        text("tracing.otlp_endpoint", "OpenTelemetry collector (OTLP/HTTP, such as http://127.0.0.1:4318) for the spans; empty: none.",
             \.tracingEndpoint, allowEmpty: true),
        text("auth.hs256_secret", "Shared secret for HS256 tokens (at least 32 bytes); empty disables HS256.",
             \.tokenSecret, allowEmpty: true),
        text("auth.es256_public_key_file", "PEM public key for ES256 tokens; empty disables ES256.",
             \.tokenPublicKeyFile, allowEmpty: true),
        text("auth.jwks_file", "JWKS of verification keys chosen by the token's kid, reloaded when it changes; empty for none.",
             \.tokenKeySetFile, allowEmpty: true),
        integer("auth.failed_attempts_per_minute",
                "Failed authentications a client may make per minute before its requests get 429; 0 turns the limit off.",
                \.failedAuthenticationsPerMinute, 0...100_000),
        text("auth.issuer", "The `iss` claim tokens must carry.", \.tokenIssuer),
        integer("auth.token_lifetime_minutes", "Lifetime of tokens from `laurel token issue`.",
                \.tokenLifetimeMinutes, 1...10_080),
        integer("read_your_writes.timeout_ms", "Longest wait of a query for a checkpoint before 503.",
                \.readYourWritesTimeoutMilliseconds, 1...60_000),
        integer("console.session_minutes", "How long a console sign-in lasts.", \.consoleSessionMinutes, 1...10_080),
        integer("console.sign_in.free_failures", "Failed sign-ins in a row before each makes the next attempt wait.",
                \.consoleFreeFailures, 0...100),
        integer("console.sign_in.delay_seconds", "The wait after the first costly failed sign-in, doubled by each one after it.",
                \.consoleFailureDelaySeconds, 1...3_600),
        integer("console.sign_in.lock_after_failures", "Failed sign-ins in a row that lock the login.",
                \.consoleLockAfterFailures, 1...1_000),
        integer("console.sign_in.lock_minutes", "How long a locked login stays locked.", \.consoleLockMinutes, 1...10_080),
        integer("console.password_cost", "The bcrypt cost of console passwords (each step doubles the work).",
                \.consolePasswordCost, 4...16),
    ]

    /// Reads `file` (if given) and then the environment; reports every problem at once.
    ///
    /// - Parameters:
    ///   - file: the YAML file's name (for messages) and text, or nil to start from the defaults.
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    /// - Throws: `ConfigErrors` with `file:line: message` for the file and the variable's name for the environment.
    public static func load(file: (name: String, text: String)?, environment: [String: String]) throws(ConfigErrors) -> ServerSettings {
        var settings = ServerSettings()
        var errors: [ConfigError] = []
        if let file {
            do {
                for (key, node) in try flatten(file: file.name, text: file.text) {
                    guard let setting = catalogue.first(where: { $0.key == key }) else {
                        errors.append(node.error("unknown setting '\(key)'"))
                        continue
                    }
                    do {
                        if let problem = setting.apply(&settings, try node.string()) { errors.append(node.error(problem)) }
                    } catch let error as ConfigError {
                        errors.append(error)
                    } catch {
                        errors.append(node.error("\(error)"))
                    }
                }
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(file: file.name, line: nil, message: "\(error)"))
            }
        }
        for setting in catalogue {
            guard let value = environment[setting.environmentVariable] else { continue }
            if let problem = setting.apply(&settings, value) {
                errors.append(ConfigError(file: "environment", line: nil, message: "\(setting.environmentVariable): \(problem)"))
            }
        }
        for problem in settings.consistencyProblems {
            errors.append(ConfigError(file: file?.name ?? "environment", line: nil, message: problem))
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return settings
    }

    /// The HS256 secret `config/laurel.yaml` ships for local development: whoever has the
    /// repository has it, and could issue any role's tokens with it.
    public static let developmentSecret = "laurel-local-development-secret-change-me"

    /// Whether the server listens only on this machine.
    public var bindsToLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Why the service must not start with these settings: the development secret on an address
    /// other machines reach, or behind a proxy that forwards their requests. Nil when it may (on
    /// loopback the caller warns instead).
    public var developmentSecretRefusal: String? {
        guard tokenSecret == Self.developmentSecret else { return nil }
        if !bindsToLoopback {
            return "auth.hs256_secret is the development secret shipped in the repository, and server.host \(host) "
                + "is reachable from other machines: set a secret of your own (LAUREL_AUTH_HS256_SECRET), or bind to 127.0.0.1"
        }
        guard trustedProxies.isEmpty else {
            return "auth.hs256_secret is the development secret shipped in the repository, and server.trusted_proxies "
                + "names a proxy that forwards other machines' requests: set a secret of your own (LAUREL_AUTH_HS256_SECRET)"
        }
        return nil
    }

    /// Problems no single setting shows.
    private var consistencyProblems: [String] {
        var problems: [String] = []
        if tokenSecret.isEmpty && tokenPublicKeyFile.isEmpty && tokenKeySetFile.isEmpty {
            problems.append("no token key: set auth.hs256_secret, auth.es256_public_key_file or auth.jwks_file")
        }
        if !tokenSecret.isEmpty && tokenSecret.utf8.count < 32 {
            problems.append("auth.hs256_secret must be at least 32 bytes")
        }
        problems += ClientLimits.problems(trustedProxies: trustedProxies)
        for origin in corsOrigins where !(origin.hasPrefix("https://") || origin.hasPrefix("http://")) || origin.hasSuffix("/") {
            problems.append("server.cors_allowed_origins: '\(origin)' is not an origin such as https://console.example")
        }
        return problems
    }

    /// The file's nested mappings as dotted keys (`server: {port: 1}` is `server.port`).
    private static func flatten(file: String, text: String) throws -> [(String, ConfigNode)] {
        guard let root = try ConfigNode.parseDocuments(file: file, text: text).first else { return [] }
        func walk(_ node: ConfigNode, prefix: String) throws -> [(String, ConfigNode)] {
            guard case .mapping(let entries) = node.value else { return [(prefix, node)] }
            return try entries.flatMap { entry in
                try walk(entry.value, prefix: prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)")
            }
        }
        return try walk(root, prefix: "")
    }

    private static func text(
        _ key: String, _ summary: String, _ path: WritableKeyPath<ServerSettings, String> & Sendable, allowEmpty: Bool = false
    ) -> Setting {
        Setting(key: key, summary: summary, apply: { settings, value in
            if value.isEmpty && !allowEmpty { return "must not be empty" }
            settings[keyPath: path] = value
            return nil
        }, current: { $0[keyPath: path] })
    }

    private static func integer(
        _ key: String, _ summary: String, _ path: WritableKeyPath<ServerSettings, Int> & Sendable, _ range: ClosedRange<Int>
    ) -> Setting {
        Setting(key: key, summary: summary, apply: { settings, value in
            guard let number = Int(value), range.contains(number) else {
                return "'\(value)' is not a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            settings[keyPath: path] = number
            return nil
        }, current: { String($0[keyPath: path]) })
    }

    private static func boolean(_ key: String, _ summary: String, _ path: WritableKeyPath<ServerSettings, Bool> & Sendable) -> Setting {
        Setting(key: key, summary: summary, apply: { settings, value in
            switch value {
            case "true": settings[keyPath: path] = true
            case "false": settings[keyPath: path] = false
            default: return "'\(value)' is not true or false"
            }
            return nil
        }, current: { String($0[keyPath: path]) })
    }

    private static func choice(
        _ key: String, _ summary: String, _ path: WritableKeyPath<ServerSettings, String> & Sendable, _ choices: [String]
    ) -> Setting {
        Setting(key: key, summary: summary, apply: { settings, value in
            guard choices.contains(value) else { return "'\(value)' is not one of \(choices.joined(separator: ", "))" }
            settings[keyPath: path] = value
            return nil
        }, current: { $0[keyPath: path] })
    }
}
