import EventStore
import Foundation
import Hummingbird
import LaurelServer
import Nominations
import Projections
import Workflow

extension Console {
    func addNominationRoutes(to router: Router<LaurelRequestContext>) {
        router.get("nominations", use: page { request, _, visit in try await nominationList(request, visit) })
        router.get("nominations/new", use: page { _, _, visit in try submissionPage(visit, problem: nil) })
        router.post("nominations", use: upload(SubmissionForm.self) { request, context, visit, form, files in
            try await submit(form, files: files, request: request, context: context, visit: visit)
        })
        router.get("nominations/:id/documents/:sha256", use: page { _, context, visit in try await documentFile(context, visit) })
        router.get("nominations/:id", use: page { request, context, visit in try await nominationPage(request, context, visit) })
        router.get("nominations/:id/audit", use: page { request, context, visit in try await auditPage(request, context, visit) })
        router.post("nominations/:id/accept", use: form(CSRFForm.self) { request, context, visit, _ in
            try await act("accept", [:], request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/return", use: form(ReasonForm.self) { request, context, visit, form in
            try await act("return_for_amendment", ["reasons": .array([.string(form.reason ?? "")])],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/amend", use: upload(AmendForm.self) { request, context, visit, form, files in
            let documents = try await dossierRows(form, files: files, visit: visit)
            return try await act("amend", ["achievement_summary": .string(form.summary ?? ""), "documents": DossierRows.field(documents)],
                                 request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/resubmit", use: form(CSRFForm.self) { request, context, visit, _ in
            try await act("resubmit", [:], request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/hold", use: form(HoldForm.self) { request, context, visit, form in
            try await act("place_hold", ["hold_kind": .string(form.holdKind ?? ""), "reference": .string(form.reference ?? "")],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/lift-hold", use: form(LiftHoldForm.self) { request, context, visit, form in
            try await act("lift_hold", ["hold_id": .string(form.holdId ?? ""), "note": .string(form.note ?? "")],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/open-consultation", use: form(CSRFForm.self) { request, context, visit, _ in
            try await act("open_consultation", [:], request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/record-comment", use: form(CommentForm.self) { request, context, visit, form in
            try await act("record_comment", ["commenter": .string(form.commenter ?? ""), "comment": .string(form.comment ?? "")],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/close-consultation", use: form(CSRFForm.self) { request, context, visit, _ in
            try await act("close_consultation", [:], request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/approve", use: form(ApproveForm.self) { request, context, visit, form in
            try await act("approve", ["decision_number": .string(form.decisionNumber ?? ""), "decision_date": .string(form.decisionDate ?? "")],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/reject", use: form(ReasonForm.self) { request, context, visit, form in
            try await act("reject", ["reasons": .array([.string(form.reason ?? "")])], request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/forward", use: form(ForwardForm.self) { request, context, visit, form in
            try await act("forward", ["authority": .string(form.authority ?? ""), "submission_number": .string(form.submissionNumber ?? "")],
                          request: request, context: context, visit: visit)
        })
        router.post("nominations/:id/record-higher-decision", use: form(HigherDecisionForm.self) { request, context, visit, form in
            try await act("record_higher_decision", [
                "authority": .string(form.authority ?? ""), "outcome": .string(form.outcome ?? ""),
                "decision_number": .string(form.decisionNumber ?? ""), "decision_date": .string(form.decisionDate ?? ""),
            ], request: request, context: context, visit: visit)
        })
    }

    /// The caller's nominations (their unit's, or every unit they cover), filtered by state,
    /// kind, year and the nominee's name, a page at a time.
    func nominationList(_ request: Request, _ visit: Visit) async throws -> Response {
        let query = ListQuery(request, workflows: visit.tenant.domain.workflows, checkpoints: visit.tenant.checkpoints)
        let language = visit.language
        var model = layout(visit, title: language.text("list.title"), current: "/nominations")
        let page = try await nominationRows(visit, filter: query.filter, cursor: query.cursor, checkpoint: query.checkpoint)
        model["rows"] = page.rows
        model["empty"] = page.rows.isEmpty
        model["next"] = page.next.map { query.link(cursor: $0) }
        model["first"] = query.cursor == nil ? nil : query.link(cursor: nil)
        model["states"] = query.stateChoices(language)
        model["kinds"] = query.kindChoices(language)
        model["year"] = query.filter.year.map(String.init) ?? ""
        model["q"] = query.filter.nomineeName ?? ""
        return try renderer.render("nominations", model, language: language)
    }

    /// A page of the nominations read model as the caller may see it, as table rows.
    ///
    /// - Parameter units: only these units' (of those the caller sees); nil: every unit the caller sees.
    func nominationRows(
        _ visit: Visit, filter: NominationFilter, cursor: String?, checkpoint: LogCheckpoint? = nil, limit: Int = 25,
        units: [String]? = nil
    ) async throws -> (rows: [[String: Any]], next: String?) {
        var scoped = filter
        let visible = try visit.caller.units(forQuery: nil, in: visit.tenant.organization)
        scoped.units = switch (visible, units) {
        case (let visible?, let asked?): visible.filter(asked.contains)
        case (let visible, nil): visible
        case (nil, let asked): asked
        }
        let (tenant, scopedFilter, tokens) = (visit.tenant.id, scoped, visit.tenant.checkpoints)
        // A cursor that does not open starts the list from its first page.
        let after = cursor.flatMap(tokens.cursor(in:))
        let page = try await services.reading("nominations", checkpoint: checkpoint) { reads in
            try await reads.list.list(tenant: tenant, filter: scopedFilter, after: after, limit: limit)
        }
        let today = visit.tenant.commands.today()
        let rows: [[String: Any]] = page.items.map { item in
            var row: [String: Any] = [
                "id": item.id, "nominee": item.nomineeName, "unit": unitName(item.unit, of: visit.tenant), "title": item.titleName,
                "year": item.year, "state": visit.language.text("state.\(item.state)"), "stateCode": item.state,
                "entered": item.stageEnteredOn,
            ]
            if let deadline = item.stageDeadline, let due = LocalDate(iso: deadline) {
                let badge = due < today ? "overdue" : due <= today.adding(days: 1) ? "due_soon" : "on_time"
                row["deadline"] = ["date": VietnamTime.day(deadline, language: visit.language), "badge": badge, "label": visit.language.text("badge.\(badge)")]
            }
            return row
        }
        return (rows, tokens.token(forCursor: page.nextCursor))
    }

    /// One nomination: its state and details, its timeline, and the forms of what the caller may do next.
    func nominationPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let id = try nominationID(context)
        let (nomination, commands) = try await nominations.nomination(id, for: visit.caller, in: visit.tenant)
        let language = visit.language
        var model = layout(visit, title: language.text("nomination.title").replacingOccurrences(of: "%@", with: id), current: "")
        model["nomination"] = details(nomination, language: language, visit,
                                      stored: try await services.documents(of: visit.tenant.id).stored(nomination.documents.map(\.sha256)))
        // Read from the stream itself, as the command that redirected here wrote it: no read
        // model to wait for.
        model["timeline"] = try await timeline(id, language: language, visit, withHashes: false)
        model["canAccept"] = commands.contains("accept")
        model["canReturn"] = commands.contains("return_for_amendment")
        model["canApprove"] = commands.contains("approve")
        model["canReject"] = commands.contains("reject")
        model["canForward"] = commands.contains("forward")
        model["canRecordHigherDecision"] = commands.contains("record_higher_decision")
        model["canResubmit"] = commands.contains("resubmit")
        if commands.contains("place_hold") {
            let kinds = visit.tenant.domain.workflows.definition(kind: nomination.kind, version: nomination.workflowVersion)?.holds.kinds ?? []
            model["placeHold"] = ["kinds": kinds.map { ["value": $0, "label": language.text("hold.\($0)")] }]
        }
        model["hasHolds"] = !nomination.holds.isEmpty
        model["holds"] = nomination.holds.map { hold in
            ["id": hold.id, "kind": language.text("hold.\(hold.kind)"), "reference": hold.reference,
             "placedOn": VietnamTime.day(hold.placedOn.description, language: language), "canLift": commands.contains("lift_hold")]
        }
        if commands.contains("amend") {
            let titles = visit.tenant.domain.rules.ruleSet(version: nomination.ruleSetVersion)?.titles.values.map { $0 } ?? []
            model["amend"] = [
                "summary": nomination.achievementSummary,
                "documents": DossierRows.model(kinds: DossierRows.kinds(titles), rows: nomination.documents, language: language),
                "limits": documentLimits(),
            ]
        }
        model["canOpenConsultation"] = commands.contains("open_consultation")
        model["canComment"] = commands.contains("record_comment")
        model["canCloseConsultation"] = commands.contains("close_consultation")
        if let consultation = nomination.consultation {
            model["consultation"] = [
                "opens": VietnamTime.day(consultation.opensOn.description, language: language),
                "closes": VietnamTime.day(consultation.closesOn.description, language: language),
                "comments": consultation.comments.map {
                    ["commenter": $0.commenter, "comment": $0.comment, "received": VietnamTime.day($0.receivedOn.description, language: language)]
                },
            ]
        }
        model["today"] = visit.tenant.commands.today().description
        model["canAudit"] = !visit.caller.actor.roles.isDisjoint(with: Self.auditRoles)
        return try renderer.render("nomination", model, language: language)
    }

    /// Who sees each event's hash and the verification.
    static let auditRoles: Set<String> = [Caller.auditor, Caller.administrator, "inspector", "standing_office"]

    /// The auditor's view: the timeline with each event's hash, and whether the stream's hash
    /// chain verifies (intact or broken).
    func auditPage(_ request: Request, _ context: LaurelRequestContext, _ visit: Visit) async throws -> Response {
        let id = try nominationID(context)
        guard !visit.caller.actor.roles.isDisjoint(with: Self.auditRoles) else {
            throw Problem.forbidden("the integrity of a nomination is checked by auditors, inspectors, administrators and the standing office")
        }
        let (nomination, _) = try await nominations.nomination(id, for: visit.caller, in: visit.tenant)
        let language = visit.language
        var model = layout(visit, title: language.text("audit.title").replacingOccurrences(of: "%@", with: id), current: "")
        model["nomination"] = details(nomination, language: language, visit)
        model["timeline"] = try await timeline(id, language: language, visit, withHashes: true)
        let report = try await services.store.verify(stream: visit.tenant.commands.streams.nomination(id))
        model["intact"] = report.isIntact
        model["eventsChecked"] = report.eventsChecked
        model["issues"] = report.issues.map(\.description)
        // The state as of a time the auditor names (Vietnam's wall clock), read from the stream.
        if let text = request.uri.queryParameters.get("asOf"), let time = VietnamTime.parse(text) {
            let then = try await visit.tenant.commands.nomination(id, asOf: .time(time)).state
            model["asOf"] = ["value": text, "state": then.map { language.text("state.\($0.state)") } ?? language.text("audit.not_yet")]
        }
        return try renderer.render("audit", model, language: language)
    }

    /// - Parameter stored: the documents whose file is stored, linked for download.
    private func details(_ nomination: Nomination, language: Language, _ visit: Visit, stored: Set<String> = []) -> [String: Any] {
        var details: [String: Any] = [
            "id": nomination.id, "title": nomination.titleName, "year": nomination.year,
            "kind": language.text("kind.\(nomination.kind)"), "state": language.text("state.\(nomination.state)"),
            "stateCode": nomination.state, "nominee": nomination.nominee.name, "unit": unitName(nomination.nominee.unit, of: visit.tenant),
            "summary": nomination.achievementSummary, "ruleSet": nomination.ruleSetVersion,
            "documents": nomination.documents.map { document -> [String: Any] in
                var row: [String: Any] = ["kind": language.text("doc.\(document.kind)"), "title": document.title, "sha256": document.sha256]
                // Absent rather than empty: a Mustache section shows for any string, even "".
                row["href"] = stored.contains(document.sha256) ? "/nominations/\(nomination.id)/documents/\(document.sha256)" : nil
                return row
            },
            "returnReasons": nomination.returnReasons, "hasReturnReasons": !nomination.returnReasons.isEmpty,
        ]
        // Absent rather than empty: a Mustache section shows for any string, even "".
        details["deadline"] = nomination.stageDeadline.map { VietnamTime.day($0.description, language: language) }
        return details
    }

    /// The nomination's timeline: the stream's own events, as `GET /v1/nominations/{id}/history`
    /// reads them (for the auditor each with its hash: no read model between the log and them),
    /// each said in the page's language.
    private func timeline(_ id: String, language: Language, _ visit: Visit, withHashes: Bool) async throws -> [[String: Any]] {
        let records = try await visit.tenant.commands.handler.reader.records(of: visit.tenant.commands.streams.nomination(id))
        return try records.compactMap { record in
            guard case .nomination(let event) = try ProjectedEvent(record).body else { return nil }
            return timelineItem(type: record.type, summary: event.sentence(in: language, organization: visit.tenant.organization),
                                at: record.recordedAt, actor: record.metadata.actorID, roles: record.metadata.actorRoles,
                                reason: record.metadata.reason ?? event.statedReason, explanations: event.explanations,
                                hash: withHashes ? record.hash : nil, language: language)
        }
    }

    /// One event as a timeline shows it: what happened (in the page's language, with the log's own
    /// sentence), who, when (Vietnam's time), in which role, why and under which rule.
    private func timelineItem(
        type: String, summary: String, at time: Date, actor: String?, roles: [String], reason: String?,
        explanations: [Explanation], hash: String?, language: Language
    ) -> [String: Any] {
        let event = language.strings["event.\(type)"] ?? type
        var item: [String: Any] = [
            "event": event, "when": VietnamTime.text(time, language: language), "who": actor ?? "",
            "roles": roles.map { language.text("role.\($0)") }.joined(separator: ", "),
            "rules": explanations.map { ["text": $0.sentence(in: language), "rule": $0.rule, "source": $0.source, "satisfied": $0.satisfied] },
            "hasRules": !explanations.isEmpty,
        ]
        // Absent rather than empty: a Mustache section shows for any string, even "". The log's
        // own sentence is left out when it says no more than the event's name.
        item["what"] = summary == event ? nil : summary
        item["reason"] = reason.flatMap { $0.isEmpty ? nil : $0 }
        item["hash"] = hash
        return item
    }

    /// Runs a workflow command from a form, through the API's own controller, then shows the nomination.
    func act(
        _ command: String, _ fields: [String: JSONValue], request: Request, context: LaurelRequestContext, visit: Visit
    ) async throws -> Response {
        let id = try nominationID(context)
        let done = try await nominations.perform(command, id: id, fields: fields, caller: visit.caller, tenant: visit.tenant,
                                                 trace: RequestTrace(request, context: context))
        let back = request.uri.queryParameters.get("back").flatMap { Self.localPaths.contains($0) ? $0 : nil }
        return Response.redirect(to: (back ?? "/nominations/\(id)") + (done.checkpoint.map { "?checkpoint=\($0)" } ?? ""), type: .normal)
    }

    /// The pages a form may send the person back to.
    static let localPaths: Set<String> = ["/intake", "/approvals"]

    /// The `:id` path parameter, read as the API reads it.
    func nominationID(_ context: LaurelRequestContext) throws -> String { try NominationsController.id(context) }
}
