/**
 * Which links the app hands to the system browser (`shell.openExternal`). Pure, so the rule is
 * unit-tested without Electron.
 *
 * openExternal runs whatever the OS registers for a URL, so a page that could open any URL (an
 * injected script, a crafted key name rendered as a link) could start programs through custom
 * schemes, reach `file:` paths, or put a convincing phishing page in front of the user. Only
 * https links to hosts the app's own pages link to are opened; everything else is refused.
 */

/**
 * The hosts the app's pages link to, exactly (a subdomain needs its own entry). No page links out
 * today, so nothing is opened; add a host here in the same change that adds its link.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [];

const MAX_LINK_LENGTH = 2048;

export function isAllowedExternalLink(link: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  if (link.length > MAX_LINK_LENGTH || !URL.canParse(link)) return false;
  const url = new URL(link);
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    allowedHosts.includes(url.hostname)
  );
}
