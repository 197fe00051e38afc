import Foundation

/// The OpenAPI 3.1 description of the API, shipped as `Resources/openapi.json` and served at
/// `/api/v1/openapi.json`. A test checks that its paths and methods are exactly the router's.
enum OpenAPIDocument {
    static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return #"{"openapi":"3.1.0","info":{"title":"Attest","version":"missing"},"paths":{}}"# }
        return text
    }()
}
