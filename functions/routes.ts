import { accountRoutes } from './account/routes';
import { analyticsRoutes } from './analytics/routes';
import { authRoutes } from './auth/routes';
import { bookingRoutes } from './booking/routes';
import { campaignRoutes } from './campaign/routes';
import { careRoutes } from './care/routes';
import { courseRoutes } from './course/routes';
import { gatheringRoutes } from './gathering/routes';
import { membershipRoutes } from './membership/routes';
import type { AnyRoute } from './http/route';
import { paymentRoutes } from './payment/routes';
import { referralRoutes } from './referral/routes';
import { selftestRoutes } from './selftest/routes';
import { voucherRoutes } from './voucher/routes';

/**
 * Every route, by the Lambda function that serves it in AWS. The local HTTP adapter mounts them all;
 * serverless.yml declares the same routes per function (a test checks the two agree).
 */
export const routesByFunction: Record<string, AnyRoute[]> = {
  auth: authRoutes,
  selftest: selftestRoutes,
  booking: bookingRoutes,
  referral: referralRoutes,
  voucher: voucherRoutes,
  campaign: campaignRoutes,
  analytics: analyticsRoutes,
  care: careRoutes,
  payment: paymentRoutes,
  account: accountRoutes,
  gathering: gatheringRoutes,
  membership: membershipRoutes,
  course: courseRoutes,
};

export const allRoutes = (): AnyRoute[] => Object.values(routesByFunction).flat();
