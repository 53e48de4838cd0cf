/** Which tab a page belongs to, for the H5 tab bar (h5-tabbar.ts): plain functions, no DOM. */

/** The path part of a page URL (no query, no fragment). */
export function pathOf(url: string): string {
  return url.split('#')[0]!.split('?')[0]!;
}

/** Which tab a page URL belongs to: its index in the list, or -1 for a page that is not a tab. */
export function tabIndexOf(list: readonly { pagePath: string }[], url: string): number {
  const path = pathOf(url);
  let found = -1;
  list.forEach(({ pagePath }, i) => {
    if (pathOf(pagePath) === path) found = i;
  });
  return found;
}

/** A switchTab URL, possibly relative, resolved against the page it is called from (as resolve-pathname would). */
export function resolveTabUrl(url: string, from: string): string {
  const resolved = new URL(url, `https://tab.invalid${from.startsWith('/') ? from : `/${from}`}`);
  return `${resolved.pathname}${resolved.search}`;
}
