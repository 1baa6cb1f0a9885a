import { cva, type VariantProps } from "class-variance-authority";
import { AlertTriangle, CircleAlert, Info } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "~/lib/utils";

const alertVariants = cva("relative flex gap-3 rounded-lg border p-4 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0", {
  variants: {
    variant: {
      info: "border-primary/20 bg-primary/5 text-foreground [&>svg]:text-primary",
      warning: "border-warning/50 bg-warning/10 text-foreground [&>svg]:text-amber-700",
      destructive: "border-destructive/30 bg-destructive/5 text-destructive [&>svg]:text-destructive",
      success: "border-success/30 bg-success/5 text-foreground [&>svg]:text-success",
    },
  },
  defaultVariants: { variant: "info" },
});

const icons = { info: Info, warning: AlertTriangle, destructive: CircleAlert, success: Info };

export function Alert({
  className,
  variant = "info",
  title,
  children,
  ...props
}: Omit<ComponentProps<"div">, "title"> & VariantProps<typeof alertVariants> & { title?: ReactNode }) {
  const Icon = icons[variant ?? "info"];
  return (
    <div role={variant === "destructive" ? "alert" : "status"} className={cn(alertVariants({ variant }), className)} {...props}>
      <Icon aria-hidden />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        {title && <p className="font-medium leading-tight">{title}</p>}
        {children && <div className={cn(title && "opacity-90")}>{children}</div>}
      </div>
    </div>
  );
}

/** A form-level error: translated sentence, announced to screen readers. */
export function FormError({ message }: { message: string | null | undefined }) {
  return (
    <div aria-live="assertive">
      {message ? <Alert variant="destructive">{message}</Alert> : null}
    </div>
  );
}
