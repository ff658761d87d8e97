extension Nomination {
    /// Applies one event. Pure and total: `decide` has already checked everything, so evolving only
    /// records facts; an event that does not fit (a non-submission before any submission) is ignored.
    public static func evolve(_ nomination: Nomination?, _ event: NominationEvent) -> Nomination? {
        if case .submitted(let submitted) = event {
            return Nomination(submitted)
        }
        guard var nomination else { return nil }
        if let stage = event.stage {
            nomination.state = stage.to
            nomination.stageEnteredOn = stage.enteredOn
            nomination.stageDeadline = stage.deadline
        }
        switch event {
        case .submitted:
            break
        case .amended(let amended):
            nomination.achievementSummary = amended.achievementSummary
            nomination.documents = amended.documents
        case .returnedForAmendment(let returned):
            nomination.returnReasons = returned.reasons
        case .resubmitted:
            nomination.returnReasons = []
        case .accepted:
            break
        case .holdPlaced(let hold):
            // The first hold in force stops the clock; holds placed while it is stopped overlap its pause.
            if nomination.holds.isEmpty { nomination.pausedSince = hold.placedOn }
            nomination.holds.append(Hold(id: hold.holdID, kind: hold.holdKind, reference: hold.reference, placedOn: hold.placedOn))
        case .holdLifted(let lifted):
            nomination.holds.removeAll { $0.id == lifted.holdID }
            if nomination.holds.isEmpty { nomination.pausedSince = nil }
            if let deadline = lifted.stageDeadline { nomination.stageDeadline = deadline }
        case .consultationOpened(let opened):
            nomination.consultation = Consultation(opensOn: opened.opensOn, closesOn: opened.closesOn, comments: [], isClosed: false)
        case .commentRecorded(let comment):
            nomination.consultation?.comments.append(
                Comment(commenter: comment.commenter, comment: comment.comment, receivedOn: comment.receivedOn))
        case .consultationClosed:
            nomination.consultation?.isClosed = true
        case .scheduledForCouncil(let scheduled):
            nomination.councilSessionID = scheduled.sessionID
        case .councilResultRecorded(let recorded):
            nomination.councilResult = recorded.result
        case .approved(let approved):
            nomination.decision = Decision(authority: nil, number: approved.decisionNumber, date: approved.decisionDate,
                                           outcome: .awarded)
        case .rejected(let rejected):
            nomination.rejectionReasons = rejected.reasons
        case .forwarded(let forwarded):
            nomination.forwardedTo = forwarded.authority
        case .higherDecisionRecorded(let decided):
            nomination.decision = Decision(authority: decided.authority, number: decided.decisionNumber,
                                           date: decided.decisionDate, outcome: decided.outcome)
        case .withdrawn(let withdrawn):
            nomination.withdrawalReason = withdrawn.reason
        case .revoked(let revoked):
            nomination.revocation = revoked
        case .restored:
            nomination.revocation = nil
        case .rescheduled(let moved):
            nomination.councilSessionID = moved.sessionID
        case .unscheduled:
            nomination.councilSessionID = nil
        }
        return nomination
    }

    /// Folds a whole history, as when loading from the event store.
    public static func replay(_ events: [NominationEvent]) -> Nomination? {
        events.reduce(nil, evolve)
    }

    private init(_ submitted: NominationSubmitted) {
        self.init(fields: Fields(
            id: submitted.nominationID,
            kind: submitted.kind,
            title: submitted.title,
            titleName: submitted.titleName,
            year: submitted.year,
            nominee: submitted.nominee,
            movement: submitted.movement,
            ranking: submitted.ranking,
            achievementSummary: submitted.achievementSummary,
            documents: submitted.documents,
            ruleSetVersion: submitted.ruleSetVersion,
            workflowVersion: submitted.workflowVersion,
            submittedOn: submitted.stage.enteredOn,
            state: submitted.stage.to,
            stageEnteredOn: submitted.stage.enteredOn,
            stageDeadline: submitted.stage.deadline,
            holds: [],
            pausedSince: nil,
            returnReasons: [],
            consultation: nil,
            councilSessionID: nil,
            councilResult: nil,
            forwardedTo: nil,
            decision: nil,
            rejectionReasons: [],
            withdrawalReason: nil,
            revocation: nil))
    }
}
