import type { BookPanelProps } from './BookPanel';
import { VoucherPicker } from '../voucher/VoucherPicker';

/**
 * Where the wallet's voucher picker plugs into booking (referral capability): set this to a component that lists
 * the client's issued vouchers and calls `onChange({ id, value })`. BookPanel then sends `voucherId` and shows the
 * amount due as max(0, price − value). Undefined: paid consults are booked at full price.
 */
export const renderVoucherPicker: BookPanelProps['renderVoucherPicker'] = (props) => <VoucherPicker {...props} />;
