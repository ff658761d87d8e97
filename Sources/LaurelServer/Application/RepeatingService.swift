import ServiceLifecycle

/// Looks at something changing beside the server (the JWKS file, the tenant registry) every
/// `interval`, until the service is cancelled or shuts down gracefully.
struct RepeatingService: Service {
    let interval: Duration
    let look: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                await look()
            }
        }
    }
}
