/**
 * The H5 tab bar (`<taro-tabbar>`) as a plain custom element, in place of Taro's Stencil-built one.
 *
 * Taro's router creates a `<taro-tabbar>` for the tabBar in app.config.ts and imports its definition from
 * `@tarojs/components/dist/components`; that import brought Stencil's whole client runtime into the first bundle
 * (about 12 KiB compressed, and its set-up in the start-up task) for one bar of four links. The H5 build points
 * the router's import here instead (config/index.ts), and this element keeps the contract the router and
 * Taro's tab-bar APIs rely on: the same markup and `weui-tabbar__*` classes (styles, 关怀模式, the browser
 * tests), the `conf` property the router sets, and the `__taro*` events that `Taro.switchTab`,
 * `setTabBarBadge`, `showTabBar`… and route changes send. The weapp is untouched: WeChat draws its own bar.
 */
import Taro from '@tarojs/taro';
import { addLeadingSlash, getCurrentPage, stripBasename, stripSuffix } from '@tarojs/runtime';
import { pathOf, resolveTabUrl, tabIndexOf } from './tab-paths';

export interface TabBarItemConfig {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
  badgeText?: string | null;
  showRedDot?: boolean;
}

export interface TabBarConf {
  list: TabBarItemConfig[];
  color?: string;
  selectedColor?: string;
  backgroundColor?: string;
  borderStyle?: 'black' | 'white';
  homePage: string;
  mode: 'hash' | 'browser';
  basename?: string;
  custom?: boolean;
  customRoutes?: Record<string, string | string[]>;
}

/** A listener as Taro's event center takes it (its arguments are whatever the event was triggered with). */
type TaroListener = Parameters<typeof Taro.eventCenter.on>[1];
type Callbacks = { successHandler: (res: { errMsg: string }) => void; errorHandler: (res: { errMsg: string }) => void };

const SHOW = 0;
const HIDE = 1;
const SLIDEOUT = 2;

/** The tab bar's stylesheet, as Taro's element ships it (weui classes; the bar sits under the page panel). */
const STYLE =
  '.weui-tabbar{z-index:500;background-color:#f7f7fa;align-items:center;width:100%;display:flex;position:absolute;bottom:0}' +
  '.weui-tabbar:before{content:" ";color:#c0bfc4;transform-origin:0 0;border-top:1px solid #c0bfc4;height:1px;position:absolute;top:0;left:0;right:0;transform:scaleY(.5)}' +
  '.weui-tabbar__item{padding:5px 0;padding-bottom:constant(safe-area-inset-bottom);padding-bottom:env(safe-area-inset-bottom);color:#999;text-align:center;-webkit-tap-highlight-color:transparent;flex:1;font-size:0;display:block}' +
  '.weui-tabbar__item.weui-bar__item_on .weui-tabbar__icon,.weui-tabbar__item.weui-bar__item_on .weui-tabbar__icon>i,.weui-tabbar__item.weui-bar__item_on .weui-tabbar__label{color:#09bb07}' +
  '.weui-tabbar__icon{width:27px;height:27px;display:inline-block}.weui-tabbar__icon img{width:100%;height:100%}' +
  'i.weui-tabbar__icon,.weui-tabbar__icon>i{color:#999;font-size:24px}' +
  '.weui-tabbar__label{text-align:center;color:#999;font-size:10px;line-height:1.8}' +
  '.weui-badge{color:#fff;text-align:center;vertical-align:middle;background-color:#f43530;border-radius:18px;min-width:8px;padding:.15em .4em;font-size:12px;line-height:1.2;display:inline-block}' +
  '.weui-badge_dot{min-width:0;padding:.4em}' +
  ':root{--taro-tabbar-height:50px}#app{height:100%}.taro-tabbar__border-white:before{border-top-color:#fff!important}' +
  '.taro-tabbar__container{flex-direction:column;height:100%;display:flex;overflow:hidden}' +
  '.taro-tabbar__panel{-webkit-overflow-scrolling:auto;flex:1;position:relative;overflow:auto}' +
  '.taro-tabbar__tabbar{width:100%;height:var(--taro-tabbar-height);transition:bottom .2s,top .2s;position:relative}' +
  '.taro-tabbar__tabbar-top{top:0}' +
  '.taro-tabbar__tabbar-bottom{margin-bottom:constant(safe-area-inset-bottom);margin-bottom:env(safe-area-inset-bottom);bottom:0}' +
  '.taro-tabbar__tabbar-hide{display:none}' +
  '.taro-tabbar__tabbar-slideout{flex:0 0;top:-52px}.taro-tabbar__panel+.taro-tabbar__tabbar-slideout{top:auto;bottom:-52px}';

function createTabBarClass() {
  return class TaroTabBar extends HTMLElement {
    /** Set by Taro's router before the element is attached. */
    conf?: TabBarConf;
    private list: TabBarItemConfig[] = [];
    private homePage = '';
    private customRoutes: [string, string][] = [];
    private selectedIndex = -1;
    private status = SHOW;
    private position: 'top' | 'bottom' = 'bottom';
    private color = '';
    private selectedColor = '';
    private backgroundColor = '';
    private borderStyle = 'black';
    private started = false;
    private bar?: HTMLDivElement;

    // Each __taro* event carries its own payload: each handler is a listener of the type the event center takes.
    private readonly handlers: Record<string, TaroListener> = {
      __taroRouterChange: (options?: { toLocation?: { path?: string } }) => this.onRouterChange(options),
      __taroSwitchTab: ({ url, successHandler, errorHandler }: { url: string } & Callbacks) => {
        const next = resolveTabUrl(url, this.originUrl(this.currentUrl() || this.homePage));
        const index = tabIndexOf(this.list, next);
        if (index < 0) return errorHandler({ errMsg: `switchTab:fail page "${next}" is not found` });
        this.select(index);
        successHandler({ errMsg: 'switchTab:ok' });
      },
      __taroSetTabBarBadge: ({ index, text, ...cb }: { index: number; text: string } & Callbacks) =>
        this.updateItem('setTabBarBadge', index, cb, (item) => Object.assign(item, { showRedDot: false, badgeText: text })),
      __taroRemoveTabBarBadge: ({ index, ...cb }: { index: number } & Callbacks) =>
        this.updateItem('removeTabBarBadge', index, cb, (item) => Object.assign(item, { badgeText: null })),
      __taroShowTabBarRedDotHandler: ({ index, ...cb }: { index: number } & Callbacks) =>
        this.updateItem('showTabBarRedDot', index, cb, (item) => Object.assign(item, { badgeText: null, showRedDot: true })),
      __taroHideTabBarRedDotHandler: ({ index, ...cb }: { index: number } & Callbacks) =>
        this.updateItem('hideTabBarRedDot', index, cb, (item) => Object.assign(item, { showRedDot: false })),
      __taroSetTabBarItem: ({
        index,
        iconPath,
        selectedIconPath,
        text,
        ...cb
      }: { index: number; iconPath?: string; selectedIconPath?: string; text?: string } & Callbacks) =>
        this.updateItem('setTabBarItem', index, cb, (item) => {
          if (iconPath) item.iconPath = iconPath;
          if (selectedIconPath) item.selectedIconPath = selectedIconPath;
          if (text) item.text = text;
        }),
      __taroShowTabBar: ({ successHandler }: Callbacks) => {
        this.status = SHOW;
        this.render();
        successHandler({ errMsg: 'showTabBar:ok' });
      },
      __taroHideTabBar: ({ animation, successHandler }: { animation?: boolean } & Callbacks) => {
        this.status = animation ? SLIDEOUT : HIDE;
        this.render();
        successHandler({ errMsg: 'hideTabBar:ok' });
      },
      __taroSetTabBarStyle: ({
        color,
        selectedColor,
        backgroundColor,
        borderStyle,
        successHandler,
      }: Partial<Pick<TabBarConf, 'color' | 'selectedColor' | 'backgroundColor' | 'borderStyle'>> & Callbacks) => {
        if (backgroundColor) this.backgroundColor = backgroundColor;
        if (borderStyle) this.borderStyle = borderStyle;
        if (color) this.color = color;
        if (selectedColor) this.selectedColor = selectedColor;
        this.render();
        successHandler({ errMsg: 'setTabBarStyle:ok' });
      },
    };

    connectedCallback() {
      if (!this.started) this.start();
      this.position = this.nextElementSibling ? 'top' : 'bottom';
      for (const [name, handler] of Object.entries(this.handlers)) Taro.eventCenter.on(name, handler);
      this.onRouterChange();
    }

    disconnectedCallback() {
      for (const [name, handler] of Object.entries(this.handlers)) Taro.eventCenter.off(name, handler);
    }

    private start() {
      const conf = this.conf;
      const list = conf?.list ?? [];
      if (!Array.isArray(list) || list.length < 2 || list.length > 5) throw new Error('tabBar 配置错误');
      this.started = true;
      this.homePage = addLeadingSlash(conf!.homePage);
      for (const [key, paths] of Object.entries(conf!.customRoutes ?? {})) {
        for (const p of Array.isArray(paths) ? paths : [paths]) this.customRoutes.push([addLeadingSlash(key), addLeadingSlash(p)]);
      }
      this.list = list.map((item) => ({ ...item, pagePath: addLeadingSlash(item.pagePath) }));
      this.color = conf!.color ?? '';
      this.selectedColor = conf!.selectedColor ?? '';
      this.backgroundColor = conf!.backgroundColor ?? '';
      this.borderStyle = conf!.borderStyle ?? 'black';
    }

    private currentUrl(): string {
      const path = getCurrentPage(this.conf!.mode, this.conf!.basename);
      return decodeURI(path === '/' ? this.homePage : path);
    }

    /** A custom route (`router.customRoutes`) back to the page it stands for. */
    private originUrl(url: string): string {
      const custom = this.customRoutes.find(([, customUrl]) => pathOf(customUrl) === pathOf(url));
      return stripSuffix(custom ? custom[0] : url, '.html');
    }

    private onRouterChange(options?: { toLocation?: { path?: string } }) {
      const to = options?.toLocation?.path;
      const page = typeof to === 'string' ? stripBasename(addLeadingSlash(to || this.homePage), this.conf!.basename || '/') || '/' : this.currentUrl();
      this.selectedIndex = tabIndexOf(this.list, this.originUrl(page));
      this.render();
    }

    private select(index: number) {
      this.selectedIndex = index;
      this.render();
      void Taro.switchTab({ url: this.list[index]!.pagePath });
    }

    private updateItem(api: string, index: number, cb: Callbacks, change: (item: TabBarItemConfig) => void) {
      const item = this.list[index];
      if (!item) return cb.errorHandler({ errMsg: `${api}:fail tabbar item not found` });
      change(item);
      this.render();
      cb.successHandler({ errMsg: `${api}:ok` });
    }

    private onTap(index: number, anchor: HTMLElement) {
      const page = Taro.getCurrentPages().shift() as { onTabItemTap?: (tap: { index: number; pagePath: string; text: string }) => void } | undefined;
      const item = this.list[index]!;
      if (typeof page?.onTabItemTap === 'function' && (anchor.offsetWidth || anchor.offsetHeight || anchor.getClientRects().length)) {
        page.onTabItemTap({ index, pagePath: item.pagePath, text: item.text });
      }
      this.select(index);
    }

    private render() {
      this.className = [
        'taro-tabbar__tabbar',
        `taro-tabbar__tabbar-${this.position}`,
        this.selectedIndex === -1 || this.status === HIDE ? 'taro-tabbar__tabbar-hide' : '',
        this.status === SLIDEOUT ? 'taro-tabbar__tabbar-slideout' : '',
      ]
        .filter(Boolean)
        .join(' ');
      const bar = this.bar ?? this.appendChild(document.createElement('div'));
      this.bar = bar;
      bar.className = `weui-tabbar taro-tabbar__border-${this.borderStyle || 'black'}`;
      bar.style.backgroundColor = this.backgroundColor;
      bar.style.height = 'inherit';
      bar.replaceChildren(...this.list.map((item, index) => this.renderItem(item, index)));
    }

    private renderItem(item: TabBarItemConfig, index: number): HTMLElement {
      const selected = index === this.selectedIndex;
      const anchor = document.createElement('a');
      anchor.href = 'javascript:;';
      anchor.className = selected ? 'weui-tabbar__item weui-bar__item_on' : 'weui-tabbar__item';
      anchor.addEventListener('click', () => this.onTap(index, anchor));
      const wrap = anchor.appendChild(document.createElement('span'));
      wrap.style.cssText = 'display:inline-block;position:relative';
      const icon = wrap.appendChild(document.createElement('img'));
      icon.src = (selected ? item.selectedIconPath : item.iconPath) ?? '';
      icon.alt = '';
      icon.className = 'weui-tabbar__icon';
      if (item.badgeText) {
        const badge = wrap.appendChild(document.createElement('span'));
        badge.className = 'weui-badge taro-tabbar-badge';
        badge.style.cssText = 'position:absolute;top:-2px;right:-13px';
        badge.textContent = item.badgeText;
      } else if (item.showRedDot) {
        const dot = wrap.appendChild(document.createElement('span'));
        dot.className = 'weui-badge weui-badge_dot';
        dot.style.cssText = 'position:absolute;top:0;right:-6px';
      }
      const label = anchor.appendChild(document.createElement('p'));
      label.className = 'weui-tabbar__label';
      label.style.color = (selected ? this.selectedColor : this.color) || '';
      label.textContent = item.text;
      return anchor;
    }
  };
}

/** What Taro's router calls before it creates the element (the name it imports). */
export function defineCustomElementTaroTabbar(): void {
  if (typeof customElements === 'undefined' || customElements.get('taro-tabbar')) return;
  const style = document.createElement('style');
  style.textContent = STYLE;
  // Before the app's stylesheets, as Stencil placed it, so the app's rules win at equal specificity.
  document.head.insertBefore(style, document.head.querySelector('link[rel="stylesheet"], style'));
  customElements.define('taro-tabbar', createTabBarClass());
}
