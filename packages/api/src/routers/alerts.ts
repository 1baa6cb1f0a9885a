import { router } from "../trpc";

export const alertsRouter = router({});
