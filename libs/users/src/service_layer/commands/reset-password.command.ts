import { Command, MessageProps } from '@keepem/shared/service_layer';

/** A new password chosen through the e-mailed reset link. */
export class ResetPassword extends Command {
  declare readonly passwordResetToken: string;
  declare readonly newPassword: string;

  constructor(props: MessageProps<ResetPassword>) {
    super(props);
  }
}
