extension WorkflowDefinition {
    /// Every structural problem of the definition, each located in its file.
    ///
    /// - Parameter knownGuards: the guard names the domain registers; any other name is an error.
    public func validate(knownGuards: Set<String>) -> [ConfigError] {
        var errors: [ConfigError] = []
        func report(_ line: Int?, _ message: String) {
            errors.append(ConfigError(file: file, line: line, message: message))
        }
        let stateNames = Set(states.map(\.name))
        let roleNames = Set(roles)
        var declaredAt: [String: Int] = [:]
        for state in states {
            if let first = declaredAt[state.name] {
                report(state.line, "state '\(state.name)' is already declared at line \(first)")
            } else {
                declaredAt[state.name] = state.line
            }
            if state.isTerminal, state.deadlineWorkingDays != nil {
                report(state.line, "terminal state '\(state.name)' cannot have a deadline")
            }
        }
        if !stateNames.contains(initialState) {
            report(initialStateLine, "initial state '\(initialState)' is not declared")
        }
        if !states.contains(where: \.isTerminal) {
            report(line, "version \(version) declares no terminal state")
        }
        var transitionAt: [String: Int] = [:]
        for transition in transitions {
            for source in transition.from {
                if !stateNames.contains(source) {
                    report(transition.line, "transition '\(transition.command)' comes from unknown state '\(source)'")
                }
                let key = "\(transition.command) \(source)"
                if let first = transitionAt[key] {
                    report(transition.line,
                           "transition '\(transition.command)' from state '\(source)' is already defined at line \(first)")
                } else {
                    transitionAt[key] = transition.line
                }
            }
            for target in transition.targets where !stateNames.contains(target.state) {
                report(target.line, "transition '\(transition.command)' goes to unknown state '\(target.state)'")
            }
            for role in transition.roles where !roleNames.contains(role) {
                report(transition.line, "transition '\(transition.command)' allows unknown role '\(role)'")
            }
            for guardName in transition.guards where !knownGuards.contains(guardName) {
                report(transition.line, "transition '\(transition.command)' uses unknown guard '\(guardName)'")
            }
        }
        for role in holds.placeRoles + holds.liftRoles where !roleNames.contains(role) {
            report(holds.line, "holds name unknown role '\(role)'")
        }
        let commands = Set(transitions.map(\.command))
        for command in holds.allowedCommands where !commands.contains(command) {
            report(holds.line, "holds allow unknown command '\(command)'")
        }
        guard errors.isEmpty else { return errors }

        let reachable = closure(from: [initialState], following: successors)
        for state in states where !reachable.contains(state.name) {
            report(state.line, "state '\(state.name)' cannot be reached from '\(initialState)'")
        }
        let reachesEnd = closure(from: states.filter(\.isTerminal).map(\.name), following: predecessors)
        for state in states where !reachesEnd.contains(state.name) {
            report(state.line, "state '\(state.name)' has no path to a terminal state")
        }
        return errors
    }

    private var successors: [String: [String]] {
        var edges: [String: [String]] = [:]
        for transition in transitions {
            for source in transition.from {
                edges[source, default: []] += transition.targets.map(\.state)
            }
        }
        return edges
    }

    private var predecessors: [String: [String]] {
        var edges: [String: [String]] = [:]
        for transition in transitions {
            for target in transition.targets {
                edges[target.state, default: []] += transition.from
            }
        }
        return edges
    }

    private func closure(from start: [String], following edges: [String: [String]]) -> Set<String> {
        var seen = Set(start)
        var pending = start
        while let state = pending.popLast() {
            for next in edges[state] ?? [] where seen.insert(next).inserted {
                pending.append(next)
            }
        }
        return seen
    }
}
