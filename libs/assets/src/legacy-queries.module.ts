import { Global, Module } from '@nestjs/common';
import { PENDING_LEGACY_COUNTER, type PendingLegacyCounter } from '@keepem/users';
import { DocumentReleasesView } from './adapters/document-releases.view';
import { RELEASES_VIEW } from './service_layer/ports/releases.view.port';
import { IncomingReleases } from './service_layer/queries/incoming-releases';

/**
 * The release read side the assets context shares: global for one export, PENDING_LEGACY_COUNTER,
 * which the users context's pending actions ask (it counts a receiver's incoming releases).
 */
@Global()
@Module({
  providers: [
    { provide: RELEASES_VIEW, useClass: DocumentReleasesView },
    IncomingReleases,
    {
      provide: PENDING_LEGACY_COUNTER,
      inject: [IncomingReleases],
      useFactory: (incoming: IncomingReleases): PendingLegacyCounter => incoming,
    },
  ],
  exports: [RELEASES_VIEW, IncomingReleases, PENDING_LEGACY_COUNTER],
})
export class LegacyQueriesModule {}
