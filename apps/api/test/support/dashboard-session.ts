/** A browser's view of the dashboard's tRPC calls: its cookie, its Origin, raw HTTP. */
export interface TrpcAnswer {
  status: number;
  headers: Headers;
  body: {
    result?: { data: unknown };
    error?: { message: string; data: { domainCode: string; httpStatus: number } };
  };
}

export interface BrowserOptions {
  cookie?: string | undefined;
  origin?: string | undefined;
  headers?: Record<string, string>;
}

function requestHeaders(options: BrowserOptions, json: boolean): Record<string, string> {
  return {
    ...(json ? { "content-type": "application/json" } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
    ...options.headers,
  };
}

async function answer(response: Response): Promise<TrpcAnswer> {
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as TrpcAnswer["body"],
  };
}

export async function trpcQuery(
  url: string,
  path: string,
  input: unknown,
  options: BrowserOptions = {},
): Promise<TrpcAnswer> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return answer(
    await fetch(`${url}/trpc/${path}${query}`, { headers: requestHeaders(options, false) }),
  );
}

export async function trpcMutation(
  url: string,
  path: string,
  input: unknown,
  options: BrowserOptions = {},
): Promise<TrpcAnswer> {
  return answer(
    await fetch(`${url}/trpc/${path}`, {
      method: "POST",
      headers: requestHeaders(options, true),
      body: JSON.stringify(input ?? {}),
    }),
  );
}

/** The cookie a browser would send back: "columnline_session=<token>" from the Set-Cookie. */
export function cookieFrom(answer: TrpcAnswer): string {
  const setCookie = answer.headers.get("set-cookie") ?? "";
  const pair = setCookie.split(";")[0] ?? "";
  if (!pair.startsWith("columnline_session=")) throw new Error(`no session cookie: ${setCookie}`);
  return pair;
}
