import Logging
import ServiceLifecycle

/// Logs the moment a graceful shutdown begins (SIGTERM, SIGINT), so an operator reading the log
/// can tell a requested stop from a crash: the server then finishes its requests and the
/// projection runners stop, and `laurel serve` logs when everything is closed.
struct ShutdownNotice: Service {
    let logger: Logger

    func run() async throws {
        // Cancellation (the group ending for another reason) is not a requested shutdown.
        guard (try? await gracefulShutdown()) != nil else { return }
        logger.notice("Shutdown requested: finishing the requests in flight, then stopping the read models' runners")
    }
}
