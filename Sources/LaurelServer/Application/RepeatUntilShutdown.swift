import ServiceLifecycle

/// Runs `look` every `interval` until the service is cancelled or shuts down gracefully: the loop
/// of the services that watch something changing beside the server (the JWKS file, the tenant registry).
func repeatUntilShutdown(every interval: Duration, _ look: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            await look()
        }
    }
}
