import { PLATFORMS, type Platform } from '../config.js';
import { cumulativeShares, pickCumulative } from '../random.js';

/**
 * The hardware within a platform: a PlayStation player has a PS4 or a PS5, an Xbox player an Xbox
 * One or a Series X|S, a PC player a Windows desktop or laptop or a Steam Deck. Shares follow the
 * installed base a few years into the current console generation.
 */
const DEVICES_BY_PLATFORM: Readonly<Record<Platform, readonly (readonly [string, number])[]>> = {
  PC: [['Windows desktop', 0.74], ['Windows laptop', 0.22], ['Steam Deck', 0.04]],
  PlayStation: [['PS5', 0.62], ['PS4', 0.38]],
  Xbox: [['Xbox Series X', 0.4], ['Xbox Series S', 0.34], ['Xbox One', 0.26]],
};

const perPlatform = PLATFORMS.map((platform) => DEVICES_BY_PLATFORM[platform]);

/** Every device the lake can hold, in the order of the players file's dictionary. */
export const DEVICES: readonly string[] = Object.freeze(perPlatform.flatMap((devices) => devices.map(([device]) => device)));

const firstOfPlatform = perPlatform.map((_, p) => perPlatform.slice(0, p).reduce((sum, devices) => sum + devices.length, 0));
const cumulativeOfPlatform = perPlatform.map((devices) => cumulativeShares(devices.map(([, share]) => share)));

/** The dictionary index (into DEVICES) of the device for a platform and a uniform draw. */
export function deviceIndex(platform: number, u: number): number {
  return firstOfPlatform[platform]! + pickCumulative(cumulativeOfPlatform[platform]!, u);
}

/** Which platform each device belongs to (for tests and the catalog). */
export const PLATFORM_OF_DEVICE: Readonly<Record<string, Platform>> = Object.freeze(
  Object.fromEntries(PLATFORMS.flatMap((platform) => DEVICES_BY_PLATFORM[platform].map(([device]) => [device, platform]))),
);
