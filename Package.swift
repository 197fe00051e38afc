// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "attest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "attest", targets: ["attest"])
    ],
    // Pinned to the versions the tests ran with; patch releases only. (Package.resolved stays out
    // of git: this machine's package mirror has its own commit ids.)
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", .upToNextMinor(from: "2.28.1")),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", .upToNextMinor(from: "2.5.0")),
        .package(url: "https://github.com/vapor/fluent-kit.git", .upToNextMinor(from: "1.57.0")),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", .upToNextMinor(from: "4.9.0")),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", .upToNextMinor(from: "2.14.0")),
        .package(url: "https://github.com/JohnSundell/Plot.git", .upToNextMinor(from: "0.14.0")),
        .package(url: "https://github.com/apple/swift-argument-parser.git", .upToNextMinor(from: "1.8.2")),
        .package(url: "https://github.com/apple/swift-crypto.git", .upToNextMinor(from: "3.12.3")),
        .package(url: "https://github.com/apple/swift-log.git", .upToNextMinor(from: "1.16.2")),
        .package(url: "https://github.com/apple/swift-metrics.git", .upToNextMinor(from: "2.13.0")),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", .upToNextMinor(from: "2.4.1")),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", .upToNextMinor(from: "2.13.0")),
        .package(url: "https://github.com/jpsim/Yams.git", .upToNextMinor(from: "6.2.2")),
        .package(url: "https://github.com/apple/swift-http-types.git", .upToNextMinor(from: "1.8.0")),
        .package(url: "https://github.com/swift-server/async-http-client.git", .upToNextMinor(from: "1.37.0")),
        .package(url: "https://github.com/vapor/multipart-kit.git", .upToNextMinor(from: "4.7.1")),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", .upToNextMinor(from: "0.9.20")),
        // Already in the graph through Hummingbird and async-http-client; named here for the SMTP client.
        .package(url: "https://github.com/apple/swift-nio.git", .upToNextMinor(from: "2.101.3")),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", .upToNextMinor(from: "2.37.6")),
    ],
    targets: [
        // Domain: pure Swift; imports only Foundation and swift-crypto's hash primitives.
        .target(
            name: "ComplianceCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Shipped content (criteria catalog, later controls and policies) and its YAML loader.
        .target(
            name: "Catalogs",
            dependencies: ["ComplianceCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // Infrastructure.
        .target(
            name: "Persistence",
            dependencies: [
                "ComplianceCore", "Catalogs",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // AWS Signature Version 4 and credentials, shared by the S3 blob store and the collectors.
        .target(
            name: "AWSSigning",
            dependencies: ["ComplianceCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),

        // Blobs and the transparency log; the log reads its leaves through `LogStorage`, so this
        // module knows nothing of the database.
        .target(
            name: "EvidenceStore",
            dependencies: [
                "ComplianceCore", "AWSSigning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Automated evidence: clients for AWS, GitHub and identity providers, and the checks run on
        // what they gather. No storage here; the application layer stores results as evidence.
        .target(
            name: "Collectors",
            dependencies: [
                "ComplianceCore", "AWSSigning",
                // RSA (RS256) for the Google service account's signed token request.
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Documents: request lists as CSV and XLSX, Markdown policies as HTML, PDF through Chromium.
        .target(
            name: "Reports",
            dependencies: [
                "ComplianceCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The application layer: one folder per domain noun; each use case loads what it needs, asks
        // AccessPolicy, runs the core's rules and saves. Web and the CLI call it.
        .target(
            name: "UseCases",
            dependencies: [
                "ComplianceCore", "Catalogs", "Persistence", "EvidenceStore", "Reports", "Collectors", "AWSSigning",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // Delivery.
        .target(
            name: "WebViews",
            dependencies: ["ComplianceCore", .product(name: "Plot", package: "Plot")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Web",
            dependencies: [
                "ComplianceCore", "Catalogs", "EvidenceStore", "UseCases", "WebViews", "Reports",
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "App",
            dependencies: [
                "ComplianceCore", "Catalogs", "Persistence", "EvidenceStore", "UseCases", "Web", "Reports", "Collectors", "AWSSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "attest", dependencies: ["App"], swiftSettings: swiftSettings),

        // Tests.
        .target(
            name: "TestSupport",
            dependencies: [
                "ComplianceCore", "Persistence", "EvidenceStore", "UseCases", "Web",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ComplianceCoreTests", dependencies: ["ComplianceCore", "Catalogs"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EvidenceStoreTests",
            dependencies: ["EvidenceStore", "AWSSigning", "UseCases", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PersistenceTests", dependencies: ["Persistence", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "UseCasesTests", dependencies: ["UseCases", "Persistence", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CollectorsTests",
            dependencies: [
                "Collectors", "AWSSigning", "UseCases", "Persistence", "EvidenceStore", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "TestSupport", "Persistence", "UseCases", .product(name: "Logging", package: "swift-log")],
            // Read by path from the tests, not bundled.
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "WebViews", "App", "TestSupport", "EvidenceStore", "UseCases", "Reports", "Collectors",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // Read by path from the tests, not bundled.
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ]
)
