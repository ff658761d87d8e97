/// Which units a role acts on: its token's unit and the units under it, unless the role is
/// sector-wide by definition (declared in the organisation file).
extension Organization {
    /// Whether `covering` is `code` or a unit above it: a unit's roles act on the units it covers.
    public func covers(_ covering: String, _ code: String) -> Bool {
        covering == code || ancestors(of: code).contains { $0.code == covering }
    }

    /// `code` and every unit below it, in file order; empty for a unit the organisation does not have.
    public func unitsCovered(by code: String) -> [String] {
        guard unit(code: code) != nil else { return [] }
        var covered: Set<String> = [code]
        var pending = [code]
        while let next = pending.popLast() {
            for child in childrenByUnit[next] ?? [] where covered.insert(child).inserted { pending.append(child) }
        }
        return units.map(\.code).filter(covered.contains)
    }

    /// The unit that acts on a nomination of `unit` at `level`: the one whose council reviews it
    /// there and whose head decides there; nil when the organisation has none.
    public func actingUnit(for unit: String, at level: AuthorityLevel) -> String? {
        switch level {
        case .unit: council(for: unit)?.unit
        case .sector: sectorUnit
        }
    }

    /// Refuses `actor` when its unit does not cover `unit`, unless one of the roles it acts in
    /// here is sector-wide.
    ///
    /// - Parameter acting: the actor's roles that may run the command.
    public func requireCoverage(of unit: String, by actor: Actor, acting: Set<String>) throws(DomainError) {
        guard acting.isDisjoint(with: sectorWideRoles), !covers(actor.unit, unit) else { return }
        throw DomainError(.unitNotAllowed, "\(acting.sorted().joined(separator: ", ")) of \(actor.unit) may not act on \(unit): "
                          + "\(actor.unit) does not cover it")
    }
}
