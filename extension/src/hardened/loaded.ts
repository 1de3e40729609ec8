// The "loaded" gate (core/gate.hpp): resolved once the persisted queues are in memory; every
// hardened listener awaits it before touching them (core/README.md A1).
let open: () => void = () => undefined;

export const loaded: Promise<void> = new Promise<void>((resolve) => {
  open = resolve;
});

export function openLoaded(): void {
  open();
}
