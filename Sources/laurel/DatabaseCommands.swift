import ArgumentParser
import Foundation
import LaurelServer
import Postgres

/// `laurel db`: the embedded PostgreSQL cluster.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster (data directory: --data-dir, database.data_dir, .laurel/pgdata).",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the cluster if needed and start it; reuses one that already runs.",
            discussion: """
                With --standby, also a hot standby of it (a streaming replica made with pg_basebackup -R) in \
                DATA-DIR-standby, and the setting that sends list and report queries to it.
                """)
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Also start a hot standby of the cluster, to try read replicas.") var standby = false

        func run() async throws {
            let cluster = try options.cluster()
            let url = try await cluster.start()
            print("embedded PostgreSQL is running: \(url)")
            guard standby else { return }
            let replica = EmbeddedCluster(dataDirectory: URL(fileURLWithPath: cluster.dataDirectory.path + "-standby"))
            try await cluster.startStandby(replica)
            print("its hot standby is running: \(try replica.url())")
            print("serve lists and reports from it: LAUREL_DATABASE_REPLICA_URL='\(try replica.url(database: "postgres"))' laurel serve")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster (fast shutdown).")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await options.cluster().stop()
            print("embedded PostgreSQL is stopped")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the cluster exists and runs; exit status 3 when it does not run.")
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let cluster = try options.cluster()
            let status = try cluster.status()
            let (state, pid, port): (String, Int32?, Int?) = switch status {
            case .notInitialized: ("not-initialized", nil, nil)
            case .stopped: ("stopped", nil, nil)
            case .running(let pid, let port): ("running", pid, port)
            }
            if json {
                struct Output: Encodable {
                    let state: String
                    let dataDirectory: String
                    let pid: Int32?
                    let port: Int?
                }
                try printJSON(Output(state: state, dataDirectory: cluster.dataDirectory.path, pid: pid, port: port))
            } else if let pid, let port {
                print("running (pid \(pid), port \(port)) in \(cluster.dataDirectory.path)")
            } else {
                print("\(state) (\(cluster.dataDirectory.path))")
            }
            if pid == nil { throw ExitCode(3) }
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url", abstract: "Print the cluster's connection URL (for psql, LAUREL_DATABASE_URL).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The database name.") var database = "postgres"

        func run() async throws {
            print(try options.cluster().url(database: database))
        }
    }
}

/// `laurel migrate`: applies the migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the migrations the database does not have yet (those built into laurel, or --sql DIR).")
    @OptionGroup var options: DatabaseOptions
    @Option(help: ArgumentHelp("The migrations directory; default: database.migrations_dir, else those built into laurel.",
                               valueName: "dir"))
    var sql: String?

    func run() async throws {
        var settings = try options.settings()
        if let sql { settings.migrationsDirectory = sql }
        let migrator = try settings.migrator()
        let applied = try await Connection.withConnection(try await options.resolveConfiguration(settings, mayCreate: true)) {
            try await migrator.migrate($0)
        }
        if applied.isEmpty {
            print("the database is up to date (\(migrator.migrations.count) migrations)")
        } else {
            applied.forEach { print("applied \($0.fileName)") }
        }
    }
}
