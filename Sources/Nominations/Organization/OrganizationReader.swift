import Workflow

/// Reads an organisation file, carrying on past each problem so that all are reported together.
struct OrganizationReader {
    let file: String
    private(set) var problems: [ConfigError] = []
    /// The line of each unit's code. A unit whose other fields are malformed keeps its code here,
    /// so references to it are not reported as unknown on top of its own problem.
    private var unitCodeLines: [String: Int] = [:]
    private var groupCodeLines: [String: Int] = [:]
    private var councilCodeLines: [String: Int] = [:]
    private var units: [OrganizationUnit] = []
    private var parentNodes: [String: ConfigNode] = [:]
    /// For each unit already placed in a cluster or bloc: that group's description and the line.
    private var groupOfUnit: [String: (group: String, line: Int)] = [:]
    /// For each unit that has a council: the line naming it.
    private var councilOfUnit: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    /// The organisation, or nil when the file is too broken to build one; `problems` says why.
    mutating func read(text: String) -> Organization? {
        let documents: [ConfigNode]
        do {
            documents = try ConfigNode.parseDocuments(file: file, text: text)
        } catch {
            record(error)
            return nil
        }
        guard documents.count == 1 else {
            problems.append(ConfigError(file: file, line: nil, message: "an organisation file holds exactly one document"))
            return nil
        }
        guard let root = attempt({ try documents[0].mapping() }) else { return nil }
        problems += root.unknownKeys(["units", "clusters", "blocs", "councils", "sector_wide_roles"])
        for node in list(root, "units", required: true) { readUnit(node) }
        checkParents()
        var clusters: [EmulationGroup] = []
        for node in list(root, "clusters", required: false) {
            if let cluster = readGroup(node, kind: .cluster) { clusters.append(cluster) }
        }
        var blocs: [EmulationGroup] = []
        for node in list(root, "blocs", required: false) {
            if let bloc = readGroup(node, kind: .bloc) { blocs.append(bloc) }
        }
        var councils: [Council] = []
        for node in list(root, "councils", required: true) {
            if let council = readCouncil(node) { councils.append(council) }
        }
        let sectorWideRoles = list(root, "sector_wide_roles", required: false).compactMap { node in attempt { try node.string() } }
        guard problems.isEmpty else { return nil }
        return Organization(units: units, clusters: clusters, blocs: blocs, councils: councils,
                            sectorWideRoles: Set(sectorWideRoles))
    }

    // MARK: Units

    private mutating func readUnit(_ node: ConfigNode) {
        guard let mapping = attempt({ try node.mapping() }) else { return }
        problems += mapping.unknownKeys(["code", "name", "name_en", "level", "parent", "headcount"])
        guard let code = claimCode(of: mapping, as: "unit", in: \.unitCodeLines) else { return }
        let name = attempt { try mapping.required("name").string() }
        let englishName = attempt { try mapping.required("name_en").string() }
        let level: UnitLevel? = attempt { try mapping.required("level").enumValue() }
        let headcount = attempt { () throws -> Headcount in
            let node = try mapping.required("headcount")
            // One number: the same every year (files written before headcounts were per year).
            guard let years = try? node.mapping() else { return Headcount(everyYear: try Self.staff(node)) }
            var byYear: [Int: Int] = [:]
            for entry in years.entries {
                guard let year = Int(entry.key), (1900...9999).contains(year) else {
                    throw entry.value.error("a headcount is listed by year, such as 2026: 147")
                }
                byYear[year] = try Self.staff(entry.value)
            }
            guard !byYear.isEmpty else { throw node.error("headcount lists no year") }
            return Headcount(byYear: byYear)
        }
        let parentNode = mapping.optional("parent")
        let parent = parentNode.flatMap { node in attempt { try node.string() } }
        guard let name, let englishName, let level, let headcount, parentNode == nil || parent != nil else { return }
        parentNodes[code] = parentNode
        units.append(OrganizationUnit(code: code, name: name, englishName: englishName, level: level, parent: parent,
                                      headcount: headcount))
    }

    /// A positive number of staff.
    private static func staff(_ node: ConfigNode) throws -> Int {
        let headcount = try node.int()
        guard headcount > 0 else { throw node.error("headcount must be a positive number of staff") }
        return headcount
    }

    /// Reports parents that are not units, and each cycle of parents once, at the first unit of the
    /// cycle in file order.
    private mutating func checkParents() {
        var parents: [String: String] = [:]
        for unit in units {
            guard let parent = unit.parent, let node = parentNodes[unit.code] else { continue }
            if unitCodeLines[parent] == nil {
                problems.append(node.error("unknown unit '\(parent)'"))
            } else {
                parents[unit.code] = parent
            }
        }
        var inReportedCycle = Set<String>()
        for unit in units where !inReportedCycle.contains(unit.code) {
            var path = [unit.code]
            var next = parents[unit.code]
            while let code = next, !path.contains(code) {
                path.append(code)
                next = parents[code]
            }
            guard next == unit.code, let node = parentNodes[unit.code] else { continue }
            inReportedCycle.formUnion(path)
            problems.append(node.error("parents form a cycle: \((path + [unit.code]).joined(separator: " → "))"))
        }
    }

    // MARK: Clusters and blocs

    private mutating func readGroup(_ node: ConfigNode, kind: EmulationGroup.Kind) -> EmulationGroup? {
        guard let mapping = attempt({ try node.mapping() }) else { return nil }
        problems += mapping.unknownKeys(["code", "name", "name_en", "head", "members"])
        let code = claimCode(of: mapping, as: "emulation group", in: \.groupCodeLines)
        let description = "\(kind.rawValue) '\(code ?? "?")'"
        let name = attempt { try mapping.required("name").string() }
        let englishName = attempt { try mapping.required("name_en").string() }
        var members: [String] = []
        var allMembersRead = true
        for memberNode in list(mapping, "members", required: true) {
            guard let member = unitReference(memberNode) else {
                allMembersRead = false
                continue
            }
            if members.contains(member) {
                problems.append(memberNode.error("unit '\(member)' is listed twice in \(description)"))
                continue
            }
            if let other = groupOfUnit[member] {
                problems.append(memberNode.error("unit '\(member)' is already in \(other.group) at line \(other.line)"))
            } else {
                groupOfUnit[member] = (description, memberNode.line)
            }
            members.append(member)
        }
        let headNode = attempt { try mapping.required("head") }
        let head = headNode.flatMap { node in unitReference(node) }
        if let head, let headNode, allMembersRead, !members.contains(head) {
            problems.append(headNode.error("the head unit '\(head)' is not among the members of \(description)"))
        }
        guard let code, let name, let englishName, let head else { return nil }
        return EmulationGroup(kind: kind, code: code, name: name, englishName: englishName, head: head, members: members)
    }

    // MARK: Councils

    private mutating func readCouncil(_ node: ConfigNode) -> Council? {
        guard let mapping = attempt({ try node.mapping() }) else { return nil }
        problems += mapping.unknownKeys(["code", "unit", "name", "members"])
        let code = claimCode(of: mapping, as: "council", in: \.councilCodeLines)
        let description = "council '\(code ?? "?")'"
        let name = attempt { try mapping.required("name").string() }
        var unit: String?
        if let unitNode = attempt({ try mapping.required("unit") }), let reference = unitReference(unitNode) {
            if let line = councilOfUnit[reference] {
                problems.append(unitNode.error("unit '\(reference)' already has a council at line \(line)"))
            } else {
                councilOfUnit[reference] = unitNode.line
                unit = reference
            }
        }
        var seats: [CouncilSeat] = []
        var seatLines: [String: Int] = [:]
        var chairLine: Int?
        var allSeatsRead = true
        for seatNode in list(mapping, "members", required: true) {
            guard let seat = readSeat(seatNode) else {
                allSeatsRead = false
                continue
            }
            let id = seat.member.id
            if let line = seatLines[id] {
                problems.append(seatNode.error("\(id) (\(seat.member.name)) is already on \(description) at line \(line)"))
                continue
            }
            seatLines[id] = seatNode.line
            if seat.role == .chair {
                if let chairLine {
                    problems.append(seatNode.error("\(description) already has a chair at line \(chairLine); a council has exactly one"))
                }
                chairLine = chairLine ?? seatNode.line
            }
            seats.append(seat)
        }
        let chair = seats.first { $0.role == .chair }?.member
        let standingMember = seats.first { $0.role == .standingMember }?.member
        if allSeatsRead && chair == nil { problems.append(node.error("\(description) has no chair")) }
        if allSeatsRead && standingMember == nil { problems.append(node.error("\(description) has no standing member")) }
        guard let code, let name, let unit, let chair, let standingMember else { return nil }
        return Council(code: code, unit: unit, name: name, seats: seats, chair: chair, standingMember: standingMember)
    }

    private mutating func readSeat(_ node: ConfigNode) -> CouncilSeat? {
        guard let mapping = attempt({ try node.mapping() }) else { return nil }
        problems += mapping.unknownKeys(["id", "name", "unit", "role", "position"])
        let id = attempt { () throws -> String in
            let node = try mapping.required("id")
            let id = try node.string()
            guard !id.isBlank else { throw node.error("a person id cannot be empty") }
            return id
        }
        let name = attempt { try mapping.required("name").string() }
        let role: CouncilRole? = attempt { try mapping.required("role").enumValue() }
        let position = mapping.optional("position").flatMap { node in attempt { try node.string() } }
        var unit: String?
        if let unitNode = mapping.optional("unit"), attempt({ try unitNode.string() })?.isBlank == false {
            unit = unitReference(unitNode)
        } else {
            problems.append(node.error("council member \(id ?? "?") (\(name ?? "no name")) belongs to no unit"))
        }
        guard let id, let name, let role, let unit else { return nil }
        return CouncilSeat(member: CouncilMember(id: id, name: name, unit: unit), role: role, position: position)
    }

    // MARK: Shared readers

    /// The code of an entry, registered so that a second entry with the same code is reported.
    private mutating func claimCode(
        of mapping: ConfigMapping, as kind: String, in registry: WritableKeyPath<Self, [String: Int]>
    ) -> String? {
        guard let node = attempt({ try mapping.required("code") }), let code = attempt({ try node.string() }) else { return nil }
        guard !code.isBlank else {
            problems.append(node.error("a \(kind) code cannot be empty"))
            return nil
        }
        if let line = self[keyPath: registry][code] {
            problems.append(node.error("\(kind) code '\(code)' is already used at line \(line)"))
            return nil
        }
        self[keyPath: registry][code] = node.line
        return code
    }

    /// A unit code that refers to a unit of the file, or nil with the problem recorded.
    private mutating func unitReference(_ node: ConfigNode) -> String? {
        guard let code = attempt({ try node.string() }) else { return nil }
        guard unitCodeLines[code] != nil else {
            problems.append(node.error("unknown unit '\(code)'"))
            return nil
        }
        return code
    }

    /// The items under `key`; a missing optional key is an empty list.
    private mutating func list(_ mapping: ConfigMapping, _ key: String, required: Bool) -> [ConfigNode] {
        let node = required ? attempt({ try mapping.required(key) }) : mapping.optional(key)
        return node.flatMap { node in attempt { try node.list() } } ?? []
    }

    /// The value `read` returns, or nil with its error recorded.
    private mutating func attempt<Value>(_ read: () throws -> Value) -> Value? {
        do {
            return try read()
        } catch {
            record(error)
            return nil
        }
    }

    private mutating func record(_ error: any Error) {
        problems.append(error as? ConfigError ?? ConfigError(file: file, line: nil, message: "\(error)"))
    }
}
