import HTTPTypes
import Hummingbird

/// Advertises the Webmention endpoint (SPEC §10) with a `Link` field on every HTML page of the
/// blog while it federates; the layout's `<link rel="webmention">` says the same in the page.
struct WebmentionLinkMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: LiveSite

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard !request.isAdmin, response.headers[.contentType]?.hasPrefix("text/html") == true,
            let endpoint = try? await site.current().views.webmentionURL
        else { return response }
        response.headers.append(HTTPField(name: .link, value: "<\(endpoint)>; rel=\"webmention\""))
        return response
    }
}

extension HTTPField.Name {
    static let link = Self("Link")!
}
