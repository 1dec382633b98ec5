import { naturalCompare } from './natural.js';
import { IN_SUBFOLDER, skipSubfolderFiles, type LayoutRule } from './plan.js';

/** Any folder of `.sql` files: applied in natural order, the order a person numbering files expects. */
export const plain: LayoutRule = {
  detect(listing) {
    return listing.files.length > 0 ? '.sql files in natural order' : undefined;
  },
  plan(listing) {
    return {
      apply: [...listing.files].sort(naturalCompare),
      skipped: skipSubfolderFiles(listing, IN_SUBFOLDER),
      warnings: [],
    };
  },
};
