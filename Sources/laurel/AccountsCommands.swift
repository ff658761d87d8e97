import ArgumentParser
import Foundation
import LaurelConsole
import LaurelServer
import Logging
import Nominations
import Postgres
import Projections

/// `laurel accounts`: the console's accounts, managed from the command line as an administrator
/// would from the console (the first administrator is created here).
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Create, list and change the console's accounts.",
        discussion: "Each change is an event on the account's stream, recorded as done by cli:$USER as an administrator. "
            + "Passwords are read from standard input (--password-stdin), never from the command line.",
        subcommands: [Create.self, List.self, SetRoles.self, Disable.self, SetPassword.self])

    /// Where the accounts live: the settings, and the database flags every database command takes.
    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOptions

        /// Opens the services on the database, as `laurel serve` would (migrating it).
        func open() async throws -> LaurelServices {
            var settings = try database.settings()
            settings.databaseURL = try await database.resolveConfiguration(settings).connectionString
            settings.logLevel = "warning"
            // The service's warnings (the development secret on loopback) are not this command's business.
            var logger = Logger(label: "laurel.accounts")
            logger.logLevel = .error
            return try await LaurelServices.open(settings: settings, logger: logger)
        }

        /// The CLI acting as an administrator of the organisation's top unit.
        func acting(_ services: LaurelServices) -> AccountManager.Acting {
            let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let actor = Actor(id: "cli:\(user)", roles: [Account.managerRole], unit: services.tenants.defaultTenant.organization.units.first?.code ?? "")
            return AccountManager.Acting(actor: actor, requestID: "cli-" + UUID().uuidString.prefix(8).lowercased())
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an account.")
        @OptionGroup var options: Options
        @Option(help: "The login (lower-case letters, digits, '.', '_', '-').") var login: String
        @Option(help: "The person's name.") var name: String
        @Option(help: "The person's unit.") var unit: String
        @Option(help: "A role (repeat for several).") var role: [String]
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
        var passwordStdin = false
        @Flag(help: "Print the account as JSON.") var json = false

        func run() async throws {
            let password = passwordStdin ? try readPassword() : nil
            try await withServices(options) { services in
                try await AccountManager(services: services).create(login: login, name: name, unit: unit, roles: Set(role),
                                                                    password: password, as: options.acting(services))
                try await printAccount(login, services, json: json)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")
        @OptionGroup var options: Options
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await withServices(options) { services in
                let accounts = try await currentAccounts(services)
                if json { return try printJSON(accounts) }
                for account in accounts {
                    let status = account.disabled ? "disabled" : account.hasPassword ? "active" : "no password"
                    print("\(account.login)  \(account.name)  \(account.unit)  \(account.roles.joined(separator: ","))  \(status)")
                }
            }
        }
    }

    struct SetRoles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-roles", abstract: "Give an account these roles (and no others).")
        @OptionGroup var options: Options
        @Argument(help: "The login.") var login: String
        @Option(help: "A role (repeat for several).") var role: [String]
        @Flag(help: "Print the account as JSON.") var json = false

        func run() async throws {
            try await withServices(options) { services in
                try await AccountManager(services: services).run(.changeRoles(login: login, roles: Set(role)), as: options.acting(services))
                try await printAccount(login, services, json: json)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an account: it signs in no more.")
        @OptionGroup var options: Options
        @Argument(help: "The login.") var login: String
        @Option(help: "Why.") var reason: String
        @Flag(help: "Print the account as JSON.") var json = false

        func run() async throws {
            try await withServices(options) { services in
                try await AccountManager(services: services).run(.disable(login: login, reason: reason), as: options.acting(services),
                                                                 reason: reason)
                try await printAccount(login, services, json: json)
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set an account's password, read from the first line of standard input.")
        @OptionGroup var options: Options
        @Argument(help: "The login.") var login: String

        func run() async throws {
            let password = try readPassword()
            try await withServices(options) { services in
                try await AccountManager(services: services).setPassword(login: login, password: password, as: options.acting(services))
                print("password set for \(login)")
            }
        }
    }
}

/// Runs `body` on services opened from `options`, closing them after; a refusal by the rules is
/// one line on stderr and exit status 1.
private func withServices(_ options: AccountsCommand.Options, _ body: (LaurelServices) async throws -> Void) async throws {
    let services = try await options.open()
    do {
        try await body(services)
    } catch let error as DomainError {
        await services.close()
        FileHandle.standardError.write(Data("laurel: \(error.code): \(error.message)\n".utf8))
        throw ExitCode.failure
    } catch {
        await services.close()
        throw error
    }
    await services.close()
}

/// The accounts read model, brought up to the log first (`laurel serve` may not be running).
private func currentAccounts(_ services: LaurelServices) async throws -> [AccountSummary] {
    _ = try await services.projections.runner(named: "accounts").catchUp()
    return try await services.accountQueries.list(tenant: services.settings.tenant, limit: 500).items
}

private func printAccount(_ login: String, _ services: LaurelServices, json: Bool) async throws {
    guard let account = try await currentAccounts(services).first(where: { $0.login == login }) else { return }
    if json { return try printJSON(account) }
    print("\(account.login)  \(account.name)  \(account.unit)  \(account.roles.joined(separator: ","))\(account.disabled ? "  disabled" : "")")
}

/// The first line of standard input, without its line break.
private func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("--password-stdin: standard input holds no password")
    }
    return line
}
