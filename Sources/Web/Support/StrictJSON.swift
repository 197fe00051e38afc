import ComplianceCore
import Foundation
import Hummingbird

/// A request body type that lists the fields it accepts, so unknown fields are refused instead of ignored.
protocol StrictBody: Decodable {
    static var fields: Set<String> { get }
    /// The fields accepted inside nested objects, by where they are: `changes[]` for the objects of
    /// an array, `periodic.*` for the values of a map, `events[].sizes` deeper down. A nested object
    /// not listed here is not checked (it has no fixed fields, like a map of texts).
    static var nestedFields: [String: Set<String>] { get }
}

extension StrictBody {
    static var nestedFields: [String: Set<String>] { [:] }
}

/// Decodes JSON request bodies strictly: the right content type, within the size limit, an object,
/// only known fields, the right types. Every refusal says what is wrong and where.
enum StrictJSON {
    static func decode<T: StrictBody>(_ type: T.Type, from request: Request, context: AttestContext) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw PublicError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the body as JSON with 'Content-Type: application/json'.")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw PublicError(
                status: .badRequest, code: "invalid_json", message: "The body is not valid JSON: \(Self.position(of: error, in: data)).")
        }
        guard let fields = object as? [String: Any] else {
            throw PublicError(status: .badRequest, code: "invalid_json", message: "The body must be a JSON object.")
        }
        if let unknown = fields.keys.sorted().first(where: { !T.fields.contains($0) }) {
            throw PublicError(
                status: .badRequest, code: "unknown_field",
                message: "Field '\(unknown.prefix(60))' is not accepted here (accepted: \(T.fields.sorted().joined(separator: ", "))).")
        }
        for (name, value) in fields { try refuseUnknown(value, at: name, shown: name, accepted: T.nestedFields) }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError {
            throw PublicError(status: .badRequest, code: "invalid_field", message: describe(error))
        }
    }

    /// Walks a nested value; an object at a listed place with a field not listed there is refused,
    /// naming where (`changes[0].note`). The body is already bounded in size, so the walk is too.
    private static func refuseUnknown(_ value: Any, at place: String, shown: String, accepted: [String: Set<String>]) throws {
        guard !accepted.isEmpty else { return }
        if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                try refuseUnknown(element, at: place + "[]", shown: "\(shown)[\(index)]", accepted: accepted)
            }
        } else if let object = value as? [String: Any] {
            if let known = accepted[place], let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw PublicError(
                    status: .badRequest, code: "unknown_field",
                    message:
                        "Field '\(shown.prefix(60)).\(unknown.prefix(60))' is not accepted here (accepted: \(known.sorted().joined(separator: ", ")))."
                )
            }
            for (key, child) in object {
                let deeper = accepted[place] != nil ? "\(place).\(key)" : "\(place).*"
                try refuseUnknown(child, at: deeper, shown: "\(shown).\(key.prefix(60))", accepted: accepted)
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "the body" : "field '\(joined)'"
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(name(of: type))."
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(name(of: type)), found null."
        case .keyNotFound(let key, _): return "field '\(key.stringValue)' is required."
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? DomainError { return underlying.message }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "The body does not have the expected shape."
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }

    private static func position(of error: any Error, in data: Data) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.isEmpty ? "malformed JSON" : text
    }
}
