// The chrome.* surface this extension uses, declared here rather than pulling in @types/chrome.
// Only the promise forms (MV3): each awaited call is one host call of syncsim's JS shim, the
// counterpart of one core/ports.hpp call (README.md, "Host calls").

declare namespace chrome {
  namespace events {
    interface Event<T extends (...args: never[]) => unknown> {
      addListener(callback: T): void;
      removeListener(callback: T): void;
      hasListener(callback: T): boolean;
    }
  }

  namespace storage {
    interface StorageArea {
      get(keys: string | string[]): Promise<{ [key: string]: unknown }>;
      set(items: { [key: string]: unknown }): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    }
    const local: StorageArea;
  }

  namespace alarms {
    interface Alarm {
      name: string;
      scheduledTime: number;
      periodInMinutes?: number;
    }
    interface AlarmCreateInfo {
      delayInMinutes?: number;
      periodInMinutes?: number;
      when?: number;
    }
    function create(name: string, alarmInfo: AlarmCreateInfo): Promise<void>;
    function clear(name: string): Promise<boolean>;
    function get(name: string): Promise<Alarm | undefined>;
    const onAlarm: events.Event<(alarm: Alarm) => unknown>;
  }

  namespace tabs {
    interface Tab {
      id?: number;
      url?: string;
    }
    interface TabRemoveInfo {
      windowId: number;
      isWindowClosing: boolean;
    }
    // Rejects when no tab has that id.
    function get(tabId: number): Promise<Tab>;
    const onRemoved: events.Event<(tabId: number, removeInfo: TabRemoveInfo) => unknown>;
  }

  namespace runtime {
    interface MessageSender {
      tab?: tabs.Tab;
      id?: string;
      url?: string;
    }
    interface InstalledDetails {
      reason: string;
      previousVersion?: string;
    }
    const onInstalled: events.Event<(details: InstalledDetails) => unknown>;
    const onStartup: events.Event<() => unknown>;
    const onMessage: events.Event<
      (message: unknown, sender: MessageSender, sendResponse: (response?: unknown) => void) => boolean | void
    >;
    function sendMessage(message: unknown): Promise<unknown>;
  }
}
