import { pathOf, resolveTabUrl, tabIndexOf } from './tab-paths';

const list = [{ pagePath: '/pages/index/index' }, { pagePath: '/pages/services/index' }, { pagePath: '/pages/card/index' }, { pagePath: '/pages/me/index' }];

describe('H5 tab bar paths', () => {
  it('finds the tab of a page whatever its query or fragment', () => {
    expect(tabIndexOf(list, '/pages/card/index')).toBe(2);
    expect(tabIndexOf(list, '/pages/me/index?from=login')).toBe(3);
    expect(tabIndexOf(list, '/pages/services/index#top')).toBe(1);
  });

  it('gives -1 for a page that is not a tab, so the bar hides there', () => {
    expect(tabIndexOf(list, '/pages/stations/index')).toBe(-1);
    expect(tabIndexOf(list, '/pages/index')).toBe(-1);
  });

  it('resolves a switchTab URL against the current page, as the browser resolves a link', () => {
    expect(resolveTabUrl('/pages/me/index', '/pages/card/index')).toBe('/pages/me/index');
    expect(resolveTabUrl('../me/index', '/pages/card/index')).toBe('/pages/me/index');
    expect(resolveTabUrl('index?tab=2', 'pages/card/index')).toBe('/pages/card/index?tab=2');
  });

  it('takes the path out of a URL', () => {
    expect(pathOf('/pages/me/index?x=1#y')).toBe('/pages/me/index');
  });
});
