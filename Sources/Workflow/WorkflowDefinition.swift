/// One version of the state machine for one kind of nomination, as declared in `config/workflows/`.
///
/// The engine knows states, commands, roles and guard *names*; what a guard means is the domain's
/// business. Holds (pending discipline, investigation, inspection, complaint) are not states: they
/// block progress in whatever state the nomination is in.
public struct WorkflowDefinition: Sendable, Equatable {
    /// The kind of nomination, for example `annual`.
    public let kind: String
    /// Increases whenever the file changes behaviour; a nomination keeps the version it was submitted under.
    public let version: Int
    /// The file this definition came from, for messages.
    public let file: String
    /// The state a nomination is in before its first command.
    public let initialState: String
    /// Roles that transitions may name.
    public let roles: [String]
    /// States in file order.
    public let states: [StateDefinition]
    /// Transitions in file order.
    public let transitions: [Transition]
    /// What holds block and who may place or lift them.
    public let holds: HoldPolicy
    /// Line of the definition's `kind` key, for messages about the definition as a whole.
    public let line: Int
    /// Line of the `initial` key.
    public let initialStateLine: Int

    public init(
        kind: String, version: Int, file: String, line: Int, initialState: String, initialStateLine: Int, roles: [String],
        states: [StateDefinition], transitions: [Transition], holds: HoldPolicy
    ) {
        self.kind = kind
        self.version = version
        self.file = file
        self.line = line
        self.initialStateLine = initialStateLine
        self.initialState = initialState
        self.roles = roles
        self.states = states
        self.transitions = transitions
        self.holds = holds
    }

    /// The declaration of `name`, or nil when the definition has no such state.
    public func state(named name: String) -> StateDefinition? {
        states.first { $0.name == name }
    }

    /// The transition `command` takes from `state`, or nil when the command does not apply there.
    public func transition(for command: String, from state: String) -> Transition? {
        transitions.first { $0.command == command && $0.from.contains(state) }
    }

    /// Whether `state` ends the procedure.
    public func isTerminal(_ state: String) -> Bool {
        self.state(named: state)?.isTerminal ?? false
    }
}

/// A state of the machine.
public struct StateDefinition: Sendable, Equatable {
    public let name: String
    /// How many working days the stage may take, when it has a deadline.
    public let deadlineWorkingDays: Int?
    /// Whether the procedure ends here (later commands such as revocation may still leave it).
    public let isTerminal: Bool
    /// Line of the declaration, for messages.
    public let line: Int

    public init(name: String, deadlineWorkingDays: Int?, isTerminal: Bool, line: Int) {
        self.name = name
        self.deadlineWorkingDays = deadlineWorkingDays
        self.isTerminal = isTerminal
        self.line = line
    }
}

/// A command that moves a nomination from one of `from` to a target state.
public struct Transition: Sendable, Equatable {
    /// Where the transition leads. Most transitions have one target; a command whose result is
    /// decided elsewhere (the higher authority's decision) names one target per outcome.
    public struct Target: Sendable, Equatable {
        /// The outcome this target stands for, or nil for the single target of an ordinary transition.
        public let outcome: String?
        public let state: String
        public let line: Int

        public init(outcome: String?, state: String, line: Int) {
            self.outcome = outcome
            self.state = state
            self.line = line
        }
    }

    public let command: String
    public let from: [String]
    public let targets: [Target]
    public let roles: [String]
    /// Guard names, checked in order by the domain.
    public let guards: [String]
    public let line: Int

    public init(command: String, from: [String], targets: [Target], roles: [String], guards: [String], line: Int) {
        self.command = command
        self.from = from
        self.targets = targets
        self.roles = roles
        self.guards = guards
        self.line = line
    }

    /// The target state for `outcome` (nil for an ordinary transition), or nil when there is none.
    public func target(outcome: String? = nil) -> String? {
        targets.first { $0.outcome == outcome }?.state
    }
}

/// How holds work for a kind: which hold kinds exist, who places and lifts them, and which
/// commands stay possible while one is active (withdrawal, for instance).
public struct HoldPolicy: Sendable, Equatable {
    /// The command that places a hold.
    public static let placeCommand = "place_hold"
    /// The command that lifts a hold.
    public static let liftCommand = "lift_hold"

    public let kinds: [String]
    public let placeRoles: [String]
    public let liftRoles: [String]
    public let allowedCommands: [String]
    /// Line of the `holds` key, for messages.
    public let line: Int

    public init(kinds: [String], placeRoles: [String], liftRoles: [String], allowedCommands: [String], line: Int) {
        self.line = line
        self.kinds = kinds
        self.placeRoles = placeRoles
        self.liftRoles = liftRoles
        self.allowedCommands = allowedCommands
    }
}
