/// A form the console receives: every one carries the session's CSRF token.
protocol ConsoleForm: Decodable, Sendable {
    /// The token the page put in the form; nil when missing (refused).
    var csrf: String? { get }
}

/// A form with nothing but its token (sign-out, accept).
struct CSRFForm: ConsoleForm {
    let csrf: String?
}

/// A form with a reason (returning a nomination, disabling an account).
struct ReasonForm: ConsoleForm {
    let csrf: String?
    let reason: String?
}

/// The sign-in form; its token is the one the sign-in page set in a cookie beside it.
struct SignInForm: Decodable, Sendable {
    let csrf: String?
    /// The agency (tenant) whose account it is; none: the installation's own.
    let agency: String?
    let login: String?
    let password: String?
}

/// An approval: the decision's number and date.
struct ApproveForm: ConsoleForm {
    let csrf: String?
    let decisionNumber: String?
    let decisionDate: String?
}

/// A submission, as the form's fields name it.
struct SubmissionForm: DossierForm {
    let csrf: String?
    let title: String?
    let year: String?
    let nomineeType: String?
    let nomineeId: String?
    let nomineeName: String?
    let position: String?
    let size: String?
    let summary: String?
    let docKind: [String]?
    let docTitle: [String]?
    let docSha: [String]?
}

/// An amended dossier: the summary and the documents, as they now stand.
struct AmendForm: DossierForm {
    let csrf: String?
    let summary: String?
    let docKind: [String]?
    let docTitle: [String]?
    let docSha: [String]?
}

/// A hold placed on a nomination: its kind and the reference of what is under way.
struct HoldForm: ConsoleForm {
    let csrf: String?
    let holdKind: String?
    let reference: String?
}

/// A hold lifted, with a note.
struct LiftHoldForm: ConsoleForm {
    let csrf: String?
    let holdId: String?
    let note: String?
}

/// A new account.
struct AccountForm: ConsoleForm {
    let csrf: String?
    let login: String?
    let name: String?
    let unit: String?
    let roles: [String]?
    let password: String?
}

/// An account's roles, or its unit.
struct AccountChangeForm: ConsoleForm {
    let csrf: String?
    let roles: [String]?
    let unit: String?
}

/// A comment received in a Labour Hero's public consultation.
struct CommentForm: ConsoleForm {
    let csrf: String?
    let commenter: String?
    let comment: String?
}

/// Forwarding to the higher authority: who, and the submission's number.
struct ForwardForm: ConsoleForm {
    let csrf: String?
    let authority: String?
    let submissionNumber: String?
}

/// What the higher authority decided, and by which decision.
struct HigherDecisionForm: ConsoleForm {
    let csrf: String?
    let authority: String?
    let outcome: String?
    let decisionNumber: String?
    let decisionDate: String?
}
