/** The assets context's public contract. */
export { AssetsModule } from './assets.module';
