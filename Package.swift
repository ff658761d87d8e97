// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Laurel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "laurel", targets: ["laurel"]),
        .executable(name: "laurel-bench", targets: ["LaurelBench"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Workflow", targets: ["Workflow"]),
        .library(name: "Nominations", targets: ["Nominations"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "Commands", targets: ["Commands"]),
        .library(name: "LaurelServer", targets: ["LaurelServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // OTLP over HTTP only: the gRPC exporter would bring gRPC and its build time for nothing.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CGlibcMalloc",
            path: "Sources/CGlibcMalloc"
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "EventStore",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .plugin(name: "BuildStamp", capability: .buildTool()),
        .target(name: "LaurelBuild", plugins: ["BuildStamp"]),
        .plugin(name: "EmbedDefaults", capability: .buildTool()),
        .target(name: "LaurelDefaults", plugins: ["EmbedDefaults"]),
        .target(
            name: "Workflow",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Nominations",
            dependencies: ["Workflow"]
        ),
        .target(
            name: "Projections",
            dependencies: [
                "Postgres",
                "EventStore",
                "Nominations",
                "Workflow",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "Commands",
            dependencies: [
                "Postgres",
                "EventStore",
                "Workflow",
                "Nominations",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "LaurelServer",
            dependencies: [
                "Commands",
                "Postgres",
                "EventStore",
                "Workflow",
                "Nominations",
                "Projections",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                "LaurelBuild",
                "LaurelDefaults",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            // Built in through LaurelDefaults, so the binary needs no resource bundle beside it.
            exclude: ["openapi.yaml"]
        ),
        .target(
            name: "LaurelConsole",
            dependencies: [
                "LaurelServer",
                "Commands",
                "Projections",
                "Nominations",
                "Workflow",
                "EventStore",
                "Postgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("templates"), .copy("static")]
        ),
        .target(
            name: "LaurelDemo",
            dependencies: [
                "LaurelServer",
                "EventStore",
                "Nominations",
                "Workflow",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "laurel",
            dependencies: [
                "LaurelServer",
                "LaurelBuild",
                "LaurelDefaults",
                "LaurelConsole",
                "LaurelDemo",
                .target(name: "CGlibcMalloc", condition: .when(platforms: [.linux])),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "Postgres",
                "EventStore",
                "Workflow",
                "Nominations",
                "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "LaurelBench",
            dependencies: [
                "Commands",
                "LaurelDefaults",
                "Postgres",
                "EventStore",
                "Workflow",
                "Nominations",
                "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Postgres"],
            path: "Tests/PostgresTestSupport"
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PostgresTestSupport"]),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "Postgres", "PostgresTestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: [
            "Projections", "EventStore", "Nominations", "Workflow", "Postgres", "PostgresTestSupport",
        ]),
        .testTarget(name: "LaurelServerTests", dependencies: [
            "LaurelServer", "LaurelDemo", "LaurelBuild", "LaurelDefaults", "Commands", "Projections", "EventStore", "Nominations", "Workflow", "Postgres", "PostgresTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ]),
        .testTarget(name: "LaurelConsoleTests", dependencies: [
            "LaurelConsole", "LaurelServer", "Commands", "Nominations", "Workflow", "Postgres", "PostgresTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "CommandsTests", dependencies: [
            "Commands", "EventStore", "Nominations", "Workflow", "Postgres", "PostgresTestSupport",
        ]),
        .testTarget(name: "WorkflowTests", dependencies: [
            "Workflow",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "NominationsTests", dependencies: [
            "Nominations",
            "Workflow",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
