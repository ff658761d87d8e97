extension Account: Decider {
    public static let initialState = Account()

    /// Decides an account command: only an administrator manages accounts (a person may also set
    /// their own password); a disabled account changes no more.
    public static func decide(_ command: AccountCommand, _ account: Account, _ context: AccountContext) throws(DomainError) -> [AccountEvent] {
        let actor = context.actor
        let ownPassword = if case .setPassword = command { actor.id == command.login } else { false }
        guard actor.roles.contains(managerRole) || ownPassword else {
            throw DomainError(.roleNotAllowed, "only an administrator manages accounts")
        }
        let login = command.login
        switch command {
        case let .create(_, name, unit, roles):
            guard !account.exists else { throw DomainError(.alreadyExists, "the login \(login) is taken") }
            guard isValidLogin(login) else {
                throw DomainError(.invalidCommand, "a login is 2 to 64 lower-case letters, digits, '.', '_' or '-', not '\(login)'")
            }
            guard !name.isBlank else { throw DomainError(.invalidCommand, "an account names its person") }
            try check(unit: unit, context)
            try check(roles: roles, context)
            return [.created(AccountCreated(login: login, name: name, unit: unit, roles: roles.sorted()))]
        case .changeRoles(_, let roles):
            try requireActive(account, login)
            try check(roles: roles, context)
            guard roles != account.roles else { return [] }
            return [.rolesChanged(AccountRolesChanged(login: login, roles: roles.sorted(), previousRoles: account.roles.sorted()))]
        case .changeUnit(_, let unit):
            try requireActive(account, login)
            try check(unit: unit, context)
            guard unit != account.unit else { return [] }
            return [.unitChanged(AccountUnitChanged(login: login, unit: unit, previousUnit: account.unit))]
        case .disable(_, let reason):
            try requireActive(account, login)
            guard !reason.isBlank else { throw DomainError(.invalidCommand, "disabling an account needs a reason") }
            return [.disabled(AccountDisabled(login: login, reason: reason))]
        case .setPassword(_, let hash):
            try requireActive(account, login)
            // A bcrypt hash (`$2b$…`, 60 characters): the decision never sees a password.
            guard hash.hasPrefix("$2"), hash.utf8.count == 60 else {
                throw DomainError(.invalidCommand, "a password is recorded as its bcrypt hash")
            }
            return [.passwordSet(PasswordSet(login: login, passwordHash: hash))]
        }
    }

    /// A disabled account changes no more.
    private static func requireActive(_ account: Account, _ login: String) throws(DomainError) {
        guard account.exists else { throw DomainError(.accountNotFound, "no account has the login \(login)") }
        guard !account.isDisabled else { throw DomainError(.transitionNotAllowed, "the account \(login) is disabled") }
    }

    private static func check(unit: String, _ context: AccountContext) throws(DomainError) {
        guard context.organization.unit(code: unit) != nil else {
            throw DomainError(.invalidCommand, "\(unit) is not a unit of the organisation")
        }
    }

    private static func check(roles: Set<String>, _ context: AccountContext) throws(DomainError) {
        guard !roles.isEmpty else { throw DomainError(.invalidCommand, "an account holds at least one role") }
        let unknown = roles.subtracting(context.knownRoles)
        guard unknown.isEmpty else {
            throw DomainError(.invalidCommand, "unknown roles: \(unknown.sorted().joined(separator: ", "))")
        }
    }

    public static func evolve(_ account: Account, _ event: AccountEvent) -> Account {
        var account = account
        switch event {
        case .created(let e):
            account.login = e.login
            account.name = e.name
            account.unit = e.unit
            account.roles = Set(e.roles)
        case .rolesChanged(let e): account.roles = Set(e.roles)
        case .unitChanged(let e): account.unit = e.unit
        case .disabled: account.isDisabled = true
        case .passwordSet(let e): account.passwordHash = e.passwordHash
        }
        return account
    }
}
