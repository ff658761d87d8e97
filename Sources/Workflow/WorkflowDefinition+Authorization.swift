/// Why the machine refuses a command, before any domain guard runs.
public enum WorkflowViolation: Error, Sendable, Equatable {
    /// The command does not leave the current state.
    case transitionNotAllowed(command: String, state: String)
    /// None of the actor's roles may run the command.
    case roleNotAllowed(command: String, roles: [String])
    /// A hold is active and the command is not one of those allowed during a hold.
    case holdActive(command: String)
}

extension WorkflowDefinition {
    /// Checks that `command` may run from `state` for an actor with `roles`, and returns the transition.
    ///
    /// Hold commands are answered here too, as they exist in every non-terminal state; they return nil
    /// because they do not move the nomination.
    /// - Parameter holdActive: whether the nomination currently has an unlifted hold.
    public func authorize(
        command: String, from state: String, roles: Set<String>, holdActive: Bool
    ) throws(WorkflowViolation) -> Transition? {
        if command == HoldPolicy.placeCommand || command == HoldPolicy.liftCommand {
            guard !isTerminal(state), state != initialState else {
                throw .transitionNotAllowed(command: command, state: state)
            }
            let allowed = command == HoldPolicy.placeCommand ? holds.placeRoles : holds.liftRoles
            guard !roles.isDisjoint(with: allowed) else {
                throw .roleNotAllowed(command: command, roles: roles.sorted())
            }
            return nil
        }
        guard let transition = transition(for: command, from: state) else {
            throw .transitionNotAllowed(command: command, state: state)
        }
        guard !roles.isDisjoint(with: transition.roles) else {
            throw .roleNotAllowed(command: command, roles: roles.sorted())
        }
        if holdActive && !holds.allowedCommands.contains(command) {
            throw .holdActive(command: command)
        }
        return transition
    }

    /// The commands an actor with `roles` may attempt from `state`, in file order, hold commands last.
    ///
    /// Domain guards are not evaluated: a listed command may still be refused for a missing document
    /// or an unmet threshold, which is the answer a user interface needs to show the button and
    /// explain a refusal.
    public func availableCommands(from state: String, roles: Set<String>, holdActive: Bool) -> [String] {
        var commands: [String] = []
        for transition in transitions where transition.from.contains(state) {
            guard !roles.isDisjoint(with: transition.roles), !commands.contains(transition.command) else { continue }
            if holdActive && !holds.allowedCommands.contains(transition.command) { continue }
            commands.append(transition.command)
        }
        if !isTerminal(state) && state != initialState {
            if !roles.isDisjoint(with: holds.placeRoles) { commands.append(HoldPolicy.placeCommand) }
            if holdActive && !roles.isDisjoint(with: holds.liftRoles) { commands.append(HoldPolicy.liftCommand) }
        }
        return commands
    }
}
