/** Query parameters that only track where a visitor came from. */
const TRACKING_PARAMETER = /^(utm_.+|gclid|fbclid|mc_cid|mc_eid)$/i;

/**
 * The form of a web address used to recognise the same page: no #fragment, no tracking
 * parameters (utm_*, gclid, fbclid), remaining parameters sorted, no trailing slash except for
 * the root, default port and host case already removed by URL.
 */
export function canonicalUrl(input: URL | string): string {
  const url = new URL(typeof input === "string" ? input : input.href);
  url.hash = "";
  const parameters = [...url.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name));
  parameters.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = parameters.length > 0 ? new URLSearchParams(parameters).toString() : "";
  if (url.pathname.length > 1 && url.pathname.endsWith("/")) url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return url.href;
}
