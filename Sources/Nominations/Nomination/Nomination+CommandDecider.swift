import Workflow

extension Nomination {
    /// Decides one command on an existing nomination, under its pinned rule set and workflow version.
    struct CommandDecider {
        let nomination: Nomination
        let context: DecisionContext
        let definition: WorkflowDefinition
        let ruleSet: RuleSet
        let title: TitleRule

        init(nomination: Nomination, context: DecisionContext) throws(DomainError) {
            let configuration = context.configuration
            guard let definition = configuration.workflows.definition(kind: nomination.kind, version: nomination.workflowVersion) else {
                throw DomainError(.configurationMissing, "workflow \(nomination.kind) v\(nomination.workflowVersion) is not loaded")
            }
            guard let ruleSet = configuration.rules.ruleSet(version: nomination.ruleSetVersion),
                  let title = ruleSet.title(nomination.title) else {
                throw DomainError(.configurationMissing, "rule set \(nomination.ruleSetVersion) with title \(nomination.title) is not loaded")
            }
            self.nomination = nomination
            self.context = context
            self.definition = definition
            self.ruleSet = ruleSet
            self.title = title
        }

        func event(for command: NominationCommand) throws(DomainError) -> NominationEvent {
            let (transition, acting) = try Nomination.authorize(
                command.name, definition: definition, state: nomination.state, holdActive: nomination.isOnHold,
                unit: nomination.nominee.unit, context: context)
            try requireHeadAuthority(for: command, acting: acting)
            let signedOnBehalf = context.signedOnBehalf(acting: acting)
            let guardSubject = NominationGuard.Subject(
                ruleSet: ruleSet, title: title, nominee: nomination.nominee, year: nomination.year,
                documents: nomination.documents, nomination: nomination, context: context)
            let explanations = try (transition?.guards ?? []).map { (name) throws(DomainError) in
                try NominationGuard.check(name, guardSubject)
            }
            let id = nomination.id
            let today = context.today
            let subject = NominationSubject(kind: nomination.kind, title: nomination.title, titleName: nomination.titleName,
                                            year: nomination.year, nominee: nomination.nominee)
            func stage(outcome: String? = nil) throws(DomainError) -> StageChange {
                try Nomination.stageChange(from: nomination.state, to: try Nomination.target(transition, outcome: outcome),
                                           kind: nomination.kind, definition: definition, ruleSet: ruleSet, context: context)
            }

            switch command {
            case .submit:
                throw DomainError(.alreadyExists, "nomination \(id) is already submitted")
            case .amend(let amend):
                try Nomination.validate(summary: amend.achievementSummary, documents: amend.documents)
                return .amended(NominationAmended(nominationID: id, achievementSummary: amend.achievementSummary,
                                                  documents: amend.documents, amendedOn: today))
            case .returnForAmendment(let returning):
                try require(reasons: returning.reasons, for: "returning a dossier")
                return .returnedForAmendment(NominationReturnedForAmendment(nominationID: id, reasons: returning.reasons,
                                                                            stage: try stage()))
            case .resubmit:
                return .resubmitted(NominationResubmitted(nominationID: id, stage: try stage()))
            case .accept:
                return .accepted(NominationAccepted(nominationID: id, stage: try stage(), explanations: explanations))
            case .placeHold(let placing):
                let (holdID, kind, reference) = (placing.holdID, placing.holdKind, placing.reference)
                guard definition.holds.kinds.contains(kind) else {
                    throw DomainError(.invalidCommand, "hold kind '\(kind)' is not one of \(definition.holds.kinds.joined(separator: ", "))")
                }
                guard !holdID.isEmpty, !nomination.holds.contains(where: { $0.id == holdID }) else {
                    throw DomainError(.invalidCommand, "hold id '\(holdID)' is empty or already in force")
                }
                try require(text: reference, named: "the hold's reference")
                return .holdPlaced(NominationHoldPlaced(nominationID: id, holdID: holdID, holdKind: kind, reference: reference,
                                                        placedOn: today))
            case .liftHold(let lifting):
                let (holdID, note) = (lifting.holdID, lifting.note)
                guard let hold = nomination.holds.first(where: { $0.id == holdID }) else {
                    throw DomainError(.invalidCommand, "no hold '\(holdID)' is in force")
                }
                try require(text: note, named: "the reason for lifting the hold")
                let deadline = try nomination.stageDeadline(afterLifting: holdID, context: context)
                return .holdLifted(NominationHoldLifted(nominationID: id, holdID: holdID, holdKind: hold.kind, note: note,
                                                        liftedOn: today, stageDeadline: deadline))
            case .openConsultation:
                return .consultationOpened(try openConsultation(stage: try stage()))
            case .recordComment(let recording):
                let (commenter, comment) = (recording.commenter, recording.comment)
                try require(text: commenter, named: "the commenter")
                try require(text: comment, named: "the comment")
                // The portal publishes the dossier for a fixed period; what arrives later is
                // not part of the consultation the council is told about.
                if let consultation = nomination.consultation, today > consultation.closesOn {
                    throw DomainError(.consultationEnded,
                                      "the public consultation ended on \(consultation.closesOn); comments are no longer recorded")
                }
                return .commentRecorded(NominationCommentRecorded(nominationID: id, commenter: commenter, comment: comment,
                                                                  receivedOn: today))
            case .closeConsultation:
                return .consultationClosed(NominationConsultationClosed(
                    nominationID: id, commentCount: nomination.consultation?.comments.count ?? 0, stage: try stage(),
                    explanation: explanations[0]))
            case .scheduleForCouncil(let scheduling):
                let sessionID = scheduling.sessionID
                let session = try openSession(sessionID)
                try requireCouncilDue(session, target: try Nomination.target(transition), acting: acting)
                return .scheduledForCouncil(NominationScheduledForCouncil(
                    nominationID: id, sessionID: sessionID, council: session.council, sessionDate: session.date,
                    stage: try stage()))
            case .reschedule(let moving):
                let (sessionID, reason) = (moving.sessionID, moving.reason)
                try require(text: reason, named: "the reason for moving the nomination")
                let from = try undecidedSession()
                guard sessionID != from else {
                    throw DomainError(.invalidCommand, "nomination \(id) is already on the agenda of session \(sessionID)")
                }
                // The new session passes what scheduling checks: open, of the council due at the
                // stage, which the actor's unit covers.
                let session = try openSession(sessionID)
                try requireCouncilDue(session, target: try Nomination.target(transition), acting: acting)
                return .rescheduled(NominationRescheduled(
                    nominationID: id, fromSessionID: from, sessionID: sessionID, council: session.council,
                    sessionDate: session.date, reason: reason))
            case .unschedule(let removing):
                let reason = removing.reason
                try require(text: reason, named: "the reason for taking the nomination off the agenda")
                let from = try undecidedSession()
                // The council whose agenda it leaves is the one due at the current stage (scheduling
                // checked it): its secretary or standing office, or one above it, takes it off.
                try context.configuration.organization.requireCoverage(of: try actingUnit(at: nomination.state), by: context.actor,
                                                                       acting: acting)
                return .unscheduled(NominationUnscheduled(nominationID: id, fromSessionID: from, reason: reason, stage: try stage()))
            case .recordCouncilResult(let vote):
                let sessionID = vote.sessionID
                guard sessionID == nomination.councilSessionID else {
                    throw DomainError(.sessionNotAvailable, "nomination \(id) is not on the agenda of session \(sessionID)")
                }
                let session = try openSession(sessionID)
                try context.configuration.organization.requireCoverage(of: session.council, by: context.actor, acting: acting)
                guard let rule = title.vote else {
                    throw DomainError(.configurationMissing, "rule set \(ruleSet.version) has no vote rule for \(title.id)")
                }
                let tally = CouncilTally(ruleSet: ruleSet, titleID: title.id, vote: rule, session: session, nominationID: id,
                                         nominee: nomination.nominee)
                let result = try tally.result(inFavour: vote.inFavour, against: vote.against, abstaining: vote.abstaining,
                                              writtenOpinions: vote.writtenOpinions, writtenBallots: vote.writtenBallots)
                return .councilResultRecorded(NominationCouncilResultRecorded(nominationID: id, result: result, stage: try stage()))
            case .approve(let approval):
                let (number, date) = (approval.decisionNumber, approval.decisionDate)
                try require(text: number, named: "the decision number")
                try require(notAfterToday: date)
                return .approved(NominationApproved(nominationID: id, subject: subject, decisionNumber: number, decisionDate: date,
                                                    stage: try stage(), explanations: explanationsOrProcedure(explanations),
                                                    signedOnBehalf: signedOnBehalf))
            case .reject(let rejection):
                let reasons = rejection.reasons
                try require(reasons: reasons, for: "a rejection")
                return .rejected(NominationRejected(nominationID: id, subject: subject, reasons: reasons, stage: try stage(),
                                                    signedOnBehalf: signedOnBehalf))
            case .forward(let forwarding):
                let (authority, number) = (forwarding.authority, forwarding.submissionNumber)
                try require(text: authority, named: "the higher authority")
                try require(text: number, named: "the submission number")
                return .forwarded(NominationForwarded(nominationID: id, authority: authority, submissionNumber: number,
                                                      stage: try stage(), explanations: explanationsOrProcedure(explanations),
                                                      signedOnBehalf: signedOnBehalf))
            case .recordHigherDecision(let decision):
                let (authority, outcome, number, date) = (decision.authority, decision.outcome, decision.decisionNumber, decision.decisionDate)
                try require(text: authority, named: "the deciding authority")
                try require(text: number, named: "the decision number")
                try require(notAfterToday: date)
                return .higherDecisionRecorded(NominationHigherDecisionRecorded(
                    nominationID: id, subject: subject, authority: authority, outcome: outcome, decisionNumber: number, decisionDate: date,
                    stage: try stage(outcome: outcome.rawValue)))
            case .withdraw(let withdrawal):
                let reason = withdrawal.reason
                try require(text: reason, named: "the reason for withdrawal")
                return .withdrawn(NominationWithdrawn(nominationID: id, subject: subject, reason: reason, stage: try stage()))
            case .revoke(let revocation):
                let (ground, legalBasis, number) = (revocation.ground, revocation.legalBasis, revocation.decisionNumber)
                try require(text: legalBasis, named: "the legal ground")
                try require(text: number, named: "the revocation decision number")
                let authority = try recordedAuthority(revocation.authority, revoking: true)
                return .revoked(NominationRevoked(nominationID: id, subject: subject, ground: ground, legalBasis: legalBasis,
                                                  decisionNumber: number, stage: try stage(), authority: authority,
                                                  signedOnBehalf: signedOnBehalf, revokesDecision: nomination.decision?.number))
            case .restore(let restoring):
                let (reason, number) = (restoring.reason, restoring.decisionNumber)
                try require(text: reason, named: "the reason for restoring")
                try require(text: number, named: "the restoring decision number")
                let authority = try recordedAuthority(restoring.authority, revoking: false)
                return .restored(NominationRestored(nominationID: id, subject: subject, reason: reason, decisionNumber: number,
                                                    stage: try stage(), authority: authority, signedOnBehalf: signedOnBehalf))
            }
        }

        /// Who revokes or restores a title is who decided it (Law 06/2022/QH15 art. 93): the
        /// agency's head for a title decided within the agency, with no other authority named;
        /// for a title decided outside it (national emulation fighter, Labour Hero) the agency
        /// only records that authority's decision, which must be named.
        private func recordedAuthority(_ authority: String?, revoking: Bool) throws(DomainError) -> String? {
            let action = revoking ? "revoking" : "restoring"
            let decidedBy = title.authority.decidedBy
            guard decidedBy.level == nil else {
                guard authority == nil else {
                    throw DomainError(.invalidCommand, "\(title.name) is decided by \(decidedBy.words) within the agency: \(action) it is that "
                                      + "head's own decision, not the recording of another authority's")
                }
                return nil
            }
            guard let authority, !authority.isBlank else {
                throw DomainError(.authorityNotAllowed, "\(title.name) is decided by \(decidedBy.words), not within the agency: only the "
                                  + "recording of \(decidedBy.words)'s decision \(revoking ? "revokes" : "restores") it; name the authority")
            }
            return authority
        }

        /// A decision without guards (ad hoc awards) still records the rule it rests on.
        private func explanationsOrProcedure(_ explanations: [Explanation]) -> [Explanation] {
            guard explanations.isEmpty else { return explanations }
            return [Explanation(
                ruleSetVersion: ruleSet.version, rule: "titles.\(title.id).procedure", source: title.dossier.source,
                inputs: [.init("kind", nomination.kind), .init("title", title.id)], satisfied: true,
                text: "\(title.name) follows the simplified procedure: no council review is required")]
        }

        private func openConsultation(stage: StageChange) throws(DomainError) -> NominationConsultationOpened {
            let rule = ruleSet.consultation
            let closesOn: LocalDate
            do {
                closesOn = try context.configuration.calendar.adding(workingDays: rule.workingDays, to: context.today)
            } catch {
                throw DomainError(.configurationMissing, error.description)
            }
            let explanation = Explanation(
                ruleSetVersion: ruleSet.version, rule: "consultation", source: rule.source,
                inputs: [.init("opens_on", "\(context.today)"), .init("working_days", "\(rule.workingDays)")],
                satisfied: true,
                text: "public consultation opened on \(context.today) for \(rule.workingDays) working days; the last day is \(closesOn)")
            return NominationConsultationOpened(nominationID: nomination.id, opensOn: context.today, closesOn: closesOn,
                                                stage: stage, explanation: explanation)
        }

        private func openSession(_ sessionID: String) throws(DomainError) -> CouncilSession {
            guard let session = context.session, session.id == sessionID else {
                throw DomainError(.sessionNotAvailable, "session \(sessionID) is not convened")
            }
            guard !session.isClosed else { throw DomainError(.sessionNotAvailable, "session \(sessionID) is closed") }
            return session
        }

        /// The session whose agenda the nomination is on, when its council has not decided on it:
        /// only then may the nomination be moved, whether that session is still open (postponed,
        /// or left without enough voters by recusals) or closed. Recording the result moves the
        /// stage on, so the shipped workflows offer the moves only before it; this keeps a
        /// workflow file that offered them later to the same rule.
        private func undecidedSession() throws(DomainError) -> String {
            guard let sessionID = nomination.councilSessionID else {
                throw DomainError(.sessionNotAvailable, "nomination \(nomination.id) is not on a council session's agenda")
            }
            guard nomination.councilResult?.sessionID != sessionID else {
                throw DomainError(.sessionNotAvailable,
                                  "the council decided on nomination \(nomination.id) at session \(sessionID): a decided nomination is not moved")
            }
            return sessionID
        }

        private func require(text: String, named name: String) throws(DomainError) {
            guard !text.isBlank else { throw DomainError(.invalidCommand, "\(name) is required") }
        }

        private func require(reasons: [String], for action: String) throws(DomainError) {
            guard !reasons.isEmpty, reasons.allSatisfy({ !$0.isBlank }) else {
                throw DomainError(.invalidCommand, "\(action) needs at least one reason")
            }
        }

        private func require(notAfterToday date: LocalDate) throws(DomainError) {
            guard date <= context.today else {
                throw DomainError(.invalidCommand, "the decision date \(date) is after today (\(context.today))")
            }
        }
    }
}
