// An image with the :latest tag or no tag: what runs changes with every push.
import { CheckContext } from '../context';
import { containersOf, cut } from '../model';
import { Report } from '../rule';

export const id = 'image-tag';
export const severity = 'warning';
export const group = 'security';
export const description = 'an image with the :latest tag or no tag';

function imageTag(image: string): { tag?: string; digest: boolean } {
  if (image.includes('@')) {
    return { digest: true };
  }
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return { tag: colon >= 0 ? last.slice(colon + 1) : undefined, digest: false };
}

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    for (const { container, path } of containersOf(pod)) {
      if (typeof container.image !== 'string' || container.image.trim() === '') {
        continue;
      }
      const { tag, digest } = imageTag(container.image);
      if (!digest && (tag === undefined || tag === 'latest')) {
        report(pod.item, `${path}.image`,
          `container "${cut(String(container.name))}" uses image "${cut(container.image)}"${tag === undefined ? ' without a tag (that means :latest)' : ''}: what runs changes with every push`,
          'Pin the image to a version tag or a digest (image:1.2.3 or image@sha256:...).');
      }
    }
  }
}
